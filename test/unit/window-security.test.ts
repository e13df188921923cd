import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY, mainWindowOptions } from '../../electron/main/window-options';
import { hardenContents, hardenSession, isTrustedSender } from '../../electron/main/hardening';

const OWN = 'file:///opt/Pairwise/resources/app/out/renderer/index.html';
const isOwnPage = (url: string) => url.split(/[?#]/)[0] === OWN;

describe('the main window', () => {
  it('turns every security switch the right way', () => {
    const prefs = mainWindowOptions('/app/out/preload/index.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
    expect(prefs.preload).toMatch(/\.cjs$/); // a sandboxed preload must be CommonJS
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('has a strict CSP in main and the same script policy in the page itself', () => {
    for (const csp of [CONTENT_SECURITY_POLICY, metaCsp()]) {
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*\s*;|https?:/);
    }
  });

  it('denies navigation away, new windows and webviews', () => {
    const contents = new FakeContents();
    hardenContents(contents as unknown as WebContents, isOwnPage);
    expect(contents.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.fire('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-navigate', `${OWN}#settings`)).toBe(false);
    expect(contents.fire('will-attach-webview', '')).toBe(true);
    expect(contents.openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check, and adds the CSP to responses', () => {
    const session = new FakeSession();
    hardenSession(session as unknown as Session, CONTENT_SECURITY_POLICY);
    let granted: boolean | undefined;
    session.requestHandler!(null, 'media', (answer: boolean) => (granted = answer));
    expect(granted).toBe(false);
    expect(session.checkHandler!()).toBe(false);
    let headers: Record<string, string[]> | undefined;
    session.headersListener!({ responseHeaders: { 'X-Test': ['1'] } }, (result) => (headers = result.responseHeaders));
    expect(headers).toEqual({ 'X-Test': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('answers IPC only from its own main frame showing its own page', () => {
    const main = { url: OWN };
    const iframe = { url: OWN };
    expect(isTrustedSender(main, main, isOwnPage)).toBe(true);
    expect(isTrustedSender(iframe, main, isOwnPage)).toBe(false);
    expect(isTrustedSender(null, main, isOwnPage)).toBe(false);
    const navigatedAway = { url: 'https://evil.example/' };
    expect(isTrustedSender(navigatedAway, navigatedAway, isOwnPage)).toBe(false);
  });
});

function metaCsp(): string {
  const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
  const match = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
  if (!match) throw new Error('renderer/index.html has no CSP meta tag');
  return match[1]!.replace(/ws:\/\/[^\s;]+/g, 'ws-loopback');
}

/** Stands in for Electron's WebContents (absent here): records listeners, then plays events to them. */
class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => unknown) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => unknown) {
    this.openHandler = handler;
  }
  /** Emits like Electron does; true when a listener called preventDefault(). */
  fire(event: string, url: string): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
type HeadersListener = (
  details: { responseHeaders: Record<string, string[]> },
  callback: (result: { responseHeaders: Record<string, string[]> }) => void,
) => void;

/** Stands in for Electron's Session: keeps the handlers hardenSession installs so the test can call them. */
class FakeSession {
  requestHandler: PermissionRequestHandler | undefined;
  checkHandler: (() => boolean) | undefined;
  headersListener: HeadersListener | undefined;
  webRequest = { onHeadersReceived: (listener: unknown) => (this.headersListener = listener as HeadersListener) };
  setPermissionRequestHandler(handler: unknown) {
    this.requestHandler = handler as PermissionRequestHandler;
  }
  setPermissionCheckHandler(handler: unknown) {
    this.checkHandler = handler as () => boolean;
  }
}
