import { useEffect, useState } from 'react';
import { DARK_THEME, LIGHT_THEME, type ChartTheme } from '../../../../electron/shared/stats-charts';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** Dark when the user pinned dark (data-theme, use-theme.ts), or left it to an OS that asks for dark. */
function prefersDark(): boolean {
  const pinned = document.documentElement.getAttribute('data-theme');
  if (pinned === 'dark' || pinned === 'light') return pinned === 'dark';
  return window.matchMedia(DARK_QUERY).matches;
}

/** The charts' theme, following the page's: canvas colours cannot be CSS variables, so they are switched here. */
export function useChartTheme(): ChartTheme {
  const [dark, setDark] = useState(prefersDark);
  useEffect(() => {
    const update = () => setDark(prefersDark());
    const media = window.matchMedia(DARK_QUERY);
    media.addEventListener('change', update);
    const observer = new MutationObserver(update);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      media.removeEventListener('change', update);
      observer.disconnect();
    };
  }, []);
  return dark ? DARK_THEME : LIGHT_THEME;
}

/** Charts animate their updates unless the user asked the OS for less motion. */
export function prefersReducedMotion(): boolean {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}
