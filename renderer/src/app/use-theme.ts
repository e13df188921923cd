import { useEffect } from 'react';
import type { Settings } from '../../../electron/shared/settings';

/** 'system' leaves the choice to the OS through CSS (prefers-color-scheme); light/dark pin it. */
export function useTheme(theme: Settings['theme'] | undefined): void {
  useEffect(() => {
    const root = document.documentElement;
    if (!theme || theme === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', theme);
  }, [theme]);
}
