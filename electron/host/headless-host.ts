import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import { MAX_IMPORT_BYTES } from '../shared/session-values';
import { WS_PATH } from '../shared/ws-protocol';
import type { AppServices } from '../services/app-services';
import { AccessGuard, newToken } from './access-guard';
import { DOWNLOAD_PREFIX, serveDownload, type DownloadRegistry } from './downloads';
import { setSecurityHeaders } from './security-headers';
import { bridgeSocket } from './ws-bridge';

export interface HeadlessHostOptions {
  services: Pick<AppServices, 'dispatch' | 'bus'>;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 = a free port chosen by the OS. */
  port: number;
  token?: string;
  /** Exports waiting to be fetched (export.save's delivery here); absent: /download/ is not served. */
  downloads?: DownloadRegistry;
}

export interface HeadlessHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const DENIED = 'Pairwise: this address needs the token. Open the full URL that `npm run serve` printed (it ends in ?token=...).\n';

/** Serves the renderer and the contract on 127.0.0.1 only, to holders of the token. */
export async function startHeadlessHost(options: HeadlessHostOptions): Promise<HeadlessHost> {
  const token = options.token ?? newToken();
  const serveStatic = sirv(options.rendererDir, { dev: false, etag: true, single: false, dotfiles: false });
  // Known once the OS has given us a port (the cookie's name carries it); until then requests get 503.
  const ready: { guard?: AccessGuard } = {};

  const server = createServer((request, response) => {
    if (!ready.guard) return void response.writeHead(503).end();
    handleHttp(ready.guard, request, response, serveStatic, options.downloads);
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 3 * MAX_IMPORT_BYTES + 1024 * 1024 });
  server.on('upgrade', (request, socket, head) => {
    if (!ready.guard || !admitUpgrade(ready.guard, request, socket)) return;
    sockets.handleUpgrade(request, socket, head, (ws) => bridgeSocket(ws, options.services));
  });

  const port = await listen(server, options.port);
  ready.guard = new AccessGuard(token, port);
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function handleHttp(
  guard: AccessGuard,
  request: IncomingMessage,
  response: ServerResponse,
  serveStatic: (req: IncomingMessage, res: ServerResponse, next: () => void) => void,
  downloads: DownloadRegistry | undefined,
): void {
  if (!guard.hasLoopbackHost(request)) return void response.writeHead(421, { 'Content-Type': 'text/plain' }).end('Misdirected request: use http://127.0.0.1\n');
  if (!guard.hasValidToken(request)) return void response.writeHead(401, { 'Content-Type': 'text/plain' }).end(DENIED);
  const host = request.headers.host!;
  setSecurityHeaders(response, host);
  if (guard.tokenFromQuery(request) !== null) {
    // Trade the token in the address bar for a cookie, then drop it from the URL (and from history).
    return void response.writeHead(303, { 'Set-Cookie': guard.cookieHeader(), Location: '/' }).end();
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') return void response.writeHead(405).end();
  const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
  if (downloads && path.startsWith(DOWNLOAD_PREFIX)) return void serveDownload(downloads, request, response);
  if (path === '/' || path === '/index.html') response.setHeader('Cache-Control', 'no-store');
  serveStatic(request, response, () => response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n'));
}

function admitUpgrade(guard: AccessGuard, request: IncomingMessage, socket: Duplex): boolean {
  const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
  const refusal =
    path !== WS_PATH ? '404 Not Found'
    : !guard.hasOwnOrigin(request) ? '403 Forbidden'
    : !guard.hasValidToken(request) ? '401 Unauthorized'
    : null;
  if (refusal === null) return true;
  socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  return false;
}

function listen(server: ReturnType<typeof createServer>, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
