import type { Session, WebContents, WebFrameMain } from 'electron';

/**
 * Locks the window's contents to our own page: no navigation elsewhere, no new windows, no webviews,
 * no permissions (camera, notifications, ...), and the CSP added to every response.
 */
export function hardenContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>, isOwnPage: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnPage(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function hardenSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest'>, csp: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}

/** IPC is answered only for our window's top frame showing our page: not an iframe, not a navigated-away page. */
export function isTrustedSender(
  frame: Pick<WebFrameMain, 'url'> | null,
  mainFrame: Pick<WebFrameMain, 'url'> | null,
  isOwnPage: (url: string) => boolean,
): boolean {
  return frame !== null && mainFrame !== null && frame === mainFrame && isOwnPage(frame.url);
}
