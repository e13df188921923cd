import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Session, WebContents } from 'electron';
import buildConfig from '../../electron.vite.config';
import { setSecurityHeaders } from '../../electron/host/security-headers';
import { CONTENT_SECURITY_POLICY, mainWindowOptions } from '../../electron/main/window-options';
import { hardenContents, hardenSession, isTrustedSender } from '../../electron/main/hardening';
import { contentSecurityPolicy } from '../../electron/shared/content-security-policy';

const OWN = 'file:///opt/Pairwise/resources/app/out/renderer/index.html';
const isOwnPage = (url: string) => url.split(/[?#]/)[0] === OWN;

const INDEX_HTML = new URL('../../renderer/index.html', import.meta.url);
let pageMetaPolicy = '';

beforeAll(async () => {
  pageMetaPolicy = await builtPageMetaPolicy();
});

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
    for (const csp of [CONTENT_SECURITY_POLICY, pageMetaPolicy]) {
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp.replace(/ws:\/\/[^\s;]+/g, 'ws-loopback')).not.toMatch(/unsafe-inline|unsafe-eval|\*\s*;|https?:/);
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

describe('one Content-Security-Policy for every way the page is loaded', () => {
  it('is written into the page at build time, never by hand in index.html', () => {
    expect(readFileSync(INDEX_HTML, 'utf8')).not.toMatch(/Content-Security-Policy/i);
    expect(pageMetaPolicy).toBe(contentSecurityPolicy({ delivery: 'meta' }));
  });

  it('sends the same directives as headers from the Electron session and the headless host', () => {
    const response = new ServerResponse(new IncomingMessage(new Socket()));
    setSecurityHeaders(response, '127.0.0.1:4321');
    const hostPolicy = String(response.getHeader('Content-Security-Policy'));
    expect(hostPolicy).toBe(contentSecurityPolicy({ connectSrc: ['ws://127.0.0.1:4321'] }));

    const window = directives(CONTENT_SECURITY_POLICY);
    const host = directives(hostPolicy);
    const page = directives(pageMetaPolicy);
    expect(window.get('frame-ancestors')).toEqual(["'none'"]);
    expect(host.get('frame-ancestors')).toEqual(["'none'"]);
    expect(page.has('frame-ancestors')).toBe(false); // ignored in a meta tag: header-only on purpose
    // Only the sockets differ: the host names its own socket; the page (what the Electron window runs under, since
    // a file:// page gets no headers) allows none beyond 'self', as the window talks over IPC.
    const withoutSockets = (sources: string[] | undefined) => sources?.filter((source) => !source.startsWith('ws://'));
    for (const [name, sources] of window) {
      if (name === 'frame-ancestors') continue;
      expect(withoutSockets(host.get(name)), name).toEqual(sources);
      expect(withoutSockets(page.get(name)), name).toEqual(sources);
    }
    expect([...page.keys()].sort()).toEqual([...window.keys()].filter((name) => name !== 'frame-ancestors').sort());
    expect(host.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:4321']);
    expect(page.get('connect-src')).toEqual(["'self'"]);
  });
});

/** The policy the renderer's build pipeline (electron.vite.config.ts, plugins and all) writes into index.html. */
async function builtPageMetaPolicy(): Promise<string> {
  const server = await createServer({
    configFile: false,
    root: fileURLToPath(new URL('../../renderer', import.meta.url)),
    plugins: buildConfig.renderer?.plugins ?? [],
    server: { middlewareMode: true, ws: false, watch: null },
    appType: 'custom',
    logLevel: 'silent',
  });
  try {
    const html = await server.transformIndexHtml('/index.html', readFileSync(INDEX_HTML, 'utf8'));
    const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/g)];
    if (metas.length !== 1) throw new Error(`the built page has ${metas.length} CSP meta tags, not 1`);
    return metas[0]![1]!.replaceAll('&#39;', "'");
  } finally {
    await server.close();
  }
}

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(/;\s*/).map((directive) => {
    const [name, ...sources] = directive.trim().split(/\s+/);
    return [name!, sources];
  }));
}
