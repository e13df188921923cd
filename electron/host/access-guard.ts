import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Who may talk to the headless host: only a browser holding the token (in the URL once, then in a cookie),
 * only through a loopback host name (defeats DNS rebinding), and for WebSockets only from a page of this very
 * origin (another local site cannot drive it, even though cookies are shared across ports).
 */
export class AccessGuard {
  constructor(
    readonly token: string,
    readonly port: number,
  ) {}

  /** Cookies ignore ports, so the name carries ours: two hosts on one machine keep separate tokens. */
  get cookieName(): string {
    return `pairwise-token-${this.port}`;
  }

  cookieHeader(): string {
    return `${this.cookieName}=${this.token}; HttpOnly; SameSite=Strict; Path=/`;
  }

  tokenFromQuery(request: IncomingMessage): string | null {
    return new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('token');
  }

  hasValidToken(request: IncomingMessage): boolean {
    const fromQuery = this.tokenFromQuery(request);
    if (fromQuery !== null && this.matches(fromQuery)) return true;
    const fromCookie = readCookie(request.headers.cookie, this.cookieName);
    return fromCookie !== null && this.matches(fromCookie);
  }

  /** The Host header names a loopback address (any port: an SSH tunnel may map us to another one). */
  hasLoopbackHost(request: IncomingMessage): boolean {
    const host = request.headers.host;
    if (!host) return false;
    const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
    return LOOPBACK_NAMES.has(name.toLowerCase());
  }

  /** A WebSocket must come from a page served by this host: Origin equals http://<the Host it connected to>. */
  hasOwnOrigin(request: IncomingMessage): boolean {
    const origin = request.headers.origin;
    return this.hasLoopbackHost(request) && origin !== undefined && origin === `http://${request.headers.host}`;
  }

  private matches(candidate: string): boolean {
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}
