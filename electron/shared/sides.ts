// The two sides of a comparison, without zod, so the renderer can use them without bundling the schemas.
// compare.ts re-exports them; its schemas are built from this list.

export const SIDES = ['left', 'right'] as const;
export type Side = (typeof SIDES)[number];
