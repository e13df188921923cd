import { createContext, useContext } from 'react';
import type { MarkdownRenderer } from './markdown';

/** One renderer (and its cache of completed blocks) for the whole Compare view. */
export const MarkdownContext = createContext<MarkdownRenderer | null>(null);

export function useMarkdownRenderer(): MarkdownRenderer {
  const renderer = useContext(MarkdownContext);
  if (!renderer) throw new Error('useMarkdownRenderer must be used inside <MarkdownContext.Provider>');
  return renderer;
}
