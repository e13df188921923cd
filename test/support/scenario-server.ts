// A tiny local node:http server that plays scripted answers: `/<scenario>/<seed>/v1/chat/completions` runs the
// named scenario. It counts connections and requests, so a test can see that a prepared stream connected
// without writing anything. With `models`, `GET .../v1/models` lists them, so each scenario's base URL can be an
// endpoint profile (ready when its model list answers); with `warmup`, the app's warm-up request (max_tokens 1)
// gets that answer instead of the scenario, so the scenario plays in the comparison itself.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Scenario = (res: ServerResponse, context: { seed: number; body: string; req: IncomingMessage }) => void | Promise<void>;

export interface ScenarioServer {
  baseUrl(scenario: string, seed?: number): string;
  readonly origin: string;
  readonly counts: { connections: number; requests: number };
  close(): Promise<void>;
}

export interface ScenarioServerOptions {
  /** Model ids listed at `GET .../v1/models`. */
  models?: string[];
  /** Plays instead of the scenario for a request with max_tokens 1 (the app's warm-up). */
  warmup?: Scenario;
}

export async function startScenarioServer(scenarios: Record<string, Scenario>, options: ScenarioServerOptions = {}): Promise<ScenarioServer> {
  const counts = { connections: 0, requests: 0 };
  const server = createServer((req, res) => {
    counts.requests += 1;
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      const [, name = '', seed = '0'] = (req.url ?? '').split('/');
      const body = Buffer.concat(parts).toString('utf8');
      if (options.models && req.method === 'GET' && req.url?.endsWith('/v1/models')) {
        return sendBody(res, 200, 'application/json', JSON.stringify({ object: 'list', data: options.models.map((id) => ({ id, object: 'model', owned_by: 'vllm' })) }));
      }
      const scenario = options.warmup && isWarmup(body) ? options.warmup : scenarios[name];
      if (!scenario) return void res.writeHead(500).end(`no scenario ${name}`);
      void scenario(res, { seed: Number(seed), body, req });
    });
  });
  server.on('connection', () => (counts.connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    counts,
    baseUrl: (scenario, seed = 0) => `${origin}/${scenario}/${seed}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function isWarmup(body: string): boolean {
  try {
    return (JSON.parse(body) as { max_tokens?: number }).max_tokens === 1;
  } catch {
    return false;
  }
}

/** A small deterministic generator, so a failing split can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Split points: mostly 1-4 bytes (inside characters and line ends), sometimes up to 48. */
export function randomSlices(bytes: Buffer, seed: number, maxSize?: number): Buffer[] {
  const next = seededRandom(seed);
  const slices: Buffer[] = [];
  for (let at = 0; at < bytes.length; ) {
    const size = maxSize ?? 1 + Math.floor(next() * (next() < 0.4 ? 4 : 48));
    slices.push(bytes.subarray(at, at + size));
    at += size;
  }
  return slices;
}

export function sendEventStreamHead(res: ServerResponse, status = 200): void {
  res.writeHead(status, { 'content-type': 'text/event-stream; charset=utf-8' });
  res.flushHeaders();
}

/**
 * Writes each slice on its own, a turn of the event loop apart, so the client's socket reads them one by one
 * (the client counts its reads to check that this really happened).
 */
export async function writeSlices(res: ServerResponse, slices: Buffer[]): Promise<void> {
  for (const slice of slices) {
    if (res.destroyed) return;
    res.write(slice);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export function sendBody(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
