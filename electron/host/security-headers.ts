import type { ServerResponse } from 'node:http';
import { contentSecurityPolicy } from '../shared/content-security-policy';

/** The page's one policy, plus the socket to this host (named by the Host header the request came with). */
export function setSecurityHeaders(response: ServerResponse, host: string): void {
  response.setHeader('Content-Security-Policy', contentSecurityPolicy({ connectSrc: [`ws://${host}`] }));
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}
