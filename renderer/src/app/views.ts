export const VIEWS = [
  { id: 'models', label: 'Models' },
  { id: 'compare', label: 'Compare' },
  { id: 'history', label: 'History' },
  { id: 'stats', label: 'Stats' },
  { id: 'settings', label: 'Settings' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];
