// The one Content-Security-Policy of the app's page: our scripts only, our styles only, nothing framed, nothing
// posted. The Electron session sends it as a header, the headless host too, and the built index.html carries it
// as a meta tag (electron.vite.config.ts), because header hooks may not reach a page loaded from file://.

export interface PolicyOptions {
  /** Where the page may connect beside its own origin: the headless host's WebSocket. */
  connectSrc?: readonly string[];
  /**
   * 'meta' leaves out what a meta tag cannot carry: browsers ignore frame-ancestors there (and say so in the
   * console), so it stays a header-only directive.
   */
  delivery?: 'header' | 'meta';
}

export function contentSecurityPolicy({ connectSrc = [], delivery = 'header' }: PolicyOptions = {}): string {
  const directives = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    ["connect-src 'self'", ...connectSrc].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ];
  if (delivery === 'header') directives.push("frame-ancestors 'none'");
  return directives.join('; ');
}

/**
 * The meta tag's policy, the one the Electron window really runs under: a page loaded from file:// gets no
 * response headers, so the session's header never reaches it. No socket source: in the window the page talks
 * over IPC, and in a browser the host's WebSocket is on the page's own origin, which CSP3's 'self' covers for
 * ws: (the host's header names it explicitly too; a page obeys both policies).
 */
export const PAGE_META_POLICY = contentSecurityPolicy({ delivery: 'meta' });
