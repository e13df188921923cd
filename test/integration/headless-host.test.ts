import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHeadlessHost, type HeadlessHost } from '../../electron/host/headless-host';
import { DownloadRegistry } from '../../electron/host/downloads';
import type { AppServices } from '../../electron/services/app-services';
import { REQUEST_CHANNELS } from '../../electron/shared/channels';
import type { WsServerMessage } from '../../electron/shared/ws-protocol';
import { makeTempDir } from '../support/temp-dir';
import type { SessionModel, SessionSettings } from '../../electron/shared/sessions';

const SESSION_SETTINGS: SessionSettings = { systemPrompt: '', sampling: { temperature: 0, topP: 1, maxTokens: 8, seed: null }, seedPolicy: 'as-set', blind: true, equalReveal: false, dimensions: [] };
const SESSION_MODEL = (name: string): SessionModel => ({ profileId: name, name, engine: 'vllm', source: `org/${name}`, servedName: name, profile: {} });
import { createTestServices } from '../support/services';

interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a socket; resolves with it when open, or with the HTTP status the upgrade was refused with. */
function openSocket(port: number, options: { origin?: string; cookie?: string; query?: string; path?: string }): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = {};
    if (options.cookie) headers.Cookie = options.cookie;
    const ws = new WebSocket(`ws://127.0.0.1:${port}${options.path ?? '/ws'}${options.query ?? ''}`, { headers, ...(options.origin ? { origin: options.origin } : {}) });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

function call(ws: WebSocket, id: number, channel: string, payload: unknown): Promise<WsServerMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as WsServerMessage;
      if (message.kind === 'reply' && message.id === id) {
        ws.off('message', onMessage);
        resolve(message);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ kind: 'request', id, channel, payload }));
  });
}

describe('the headless host', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let services: AppServices;
  let host: HeadlessHost;
  let origin: string;
  let cookie: string;

  beforeAll(async () => {
    dir = await makeTempDir();
    const rendererDir = join(dir.path, 'renderer');
    await import('node:fs/promises').then((fs) => fs.mkdir(rendererDir));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Pairwise</title><div id="root"></div>');
    const downloads = new DownloadRegistry();
    services = createTestServices(join(dir.path, 'data'), process.env, downloads.deliver);
    host = await startHeadlessHost({ services, rendererDir, port: 0, downloads });
    origin = `http://127.0.0.1:${host.port}`;
    cookie = `pairwise-token-${host.port}=${host.token}`;
  });
  afterAll(async () => {
    await host.close();
    await services.dispose();
    await dir.remove();
  });

  it('binds loopback on a free port and prints a URL carrying a long random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
    expect(host.port).toBeGreaterThan(0);
  });

  it('refuses requests without the token, or with a wrong one, with 401', async () => {
    for (const path of ['/', '/index.html', '/?token=wrong', '/?token=']) {
      const result = await get(host.port, path);
      expect(result.status, path).toBe(401);
      expect(result.body).toMatch(/needs the token/);
    }
    expect((await get(host.port, '/', { Cookie: `pairwise-token-${host.port}=nope` })).status).toBe(401);
  });

  it('trades the token in the URL for an HttpOnly cookie and strips it from the address', async () => {
    const result = await get(host.port, `/?token=${host.token}`);
    expect(result.status).toBe(303);
    expect(result.headers.location).toBe('/');
    expect(result.headers['set-cookie']?.[0]).toBe(`pairwise-token-${host.port}=${host.token}; HttpOnly; SameSite=Strict; Path=/`);
  });

  it('serves the page to the cookie holder with a strict CSP', async () => {
    const result = await get(host.port, '/', { Cookie: cookie });
    expect(result.status).toBe(200);
    expect(result.body).toContain('<div id="root">');
    expect(result.headers['content-security-policy']).toContain("script-src 'self'");
    expect(result.headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(result.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses a Host header that is not loopback (DNS rebinding)', async () => {
    expect((await get(host.port, '/', { Cookie: cookie, Host: `evil.example:${host.port}` })).status).toBe(421);
  });

  it('refuses WebSockets from another origin, without an origin, or without the token', async () => {
    expect(await openSocket(host.port, { origin: 'http://evil.example', cookie })).toBe(403);
    expect(await openSocket(host.port, { origin: 'http://127.0.0.1:3000', cookie })).toBe(403);
    expect(await openSocket(host.port, { origin: `http://localhost:${host.port}`, cookie })).toBe(403);
    expect(await openSocket(host.port, { cookie })).toBe(403);
    expect(await openSocket(host.port, { origin })).toBe(401);
    expect(await openSocket(host.port, { origin, cookie: `pairwise-token-${host.port}=wrong` })).toBe(401);
    expect(await openSocket(host.port, { origin, cookie, path: '/other' })).toBe(404);
  });

  it('answers every contract channel over the socket (same surface as IPC)', async () => {
    const ws = (await openSocket(host.port, { origin, cookie })) as WebSocket;
    let id = 0;
    const created = await call(ws, ++id, 'profiles.create', {
      draft: { engine: 'endpoint', name: 'Remote', baseUrl: 'http://127.0.0.1:9/v1', apiKey: null, servedName: 'm' },
    });
    expect(created).toMatchObject({ reply: { ok: true } });
    const profileId = ((created as { reply: { value: { id: string } } }).reply.value).id;
    // A valid payload per channel: every channel must reach a real handler (never unknown-channel, never invalid-request).
    const samples: Record<string, unknown> = {
      'settings.update': { theme: 'dark' },
      'profiles.create': { draft: { engine: 'endpoint', name: 'Other', baseUrl: 'http://127.0.0.1:9/v1', apiKey: null, servedName: 'm' } },
      'profiles.update': { id: profileId, draft: { engine: 'endpoint', name: 'Remote 2', baseUrl: 'http://127.0.0.1:9/v1', apiKey: null, servedName: 'm' } },
      'profiles.delete': { id: 'no-such-profile' },
      'engines.launch': { profileId },
      'engines.stop': { profileId },
      'engines.restart': { profileId },
      'engines.logs': { profileId },
      'engines.memoryPlan': { profileIds: [profileId] },
      'engines.stopOrphans': { pgids: [999_999] },
      // A conversation and comparisons no one started: each reaches its handler and answers not-found.
      'compare.start': {
        comparisonId: randomUUID(),
        conversationId: randomUUID(), leftProfileId: profileId, rightProfileId: profileId, systemPrompt: '', userMessage: 'Hi',
        sampling: { temperature: 0, topP: 1, maxTokens: 8, seed: null },
      },
      'compare.cancel': { comparisonId: randomUUID() },
      'compare.regenerate': { comparisonId: randomUUID(), newComparisonId: randomUUID() },
      'compare.get': { comparisonId: randomUUID() },
      // Sessions no one made: each reaches its handler and answers not-found (listing, leaving, exporting: ok).
      'sessions.create': { name: 'S', profileIds: [profileId, 'no-such-profile'], settings: SESSION_SETTINGS },
      'sessions.open': { sessionId: randomUUID() },
      'sessions.rename': { sessionId: randomUUID(), name: 'N' },
      'sessions.updateSettings': { sessionId: randomUUID(), settings: SESSION_SETTINGS },
      'sessions.trash': { sessionId: randomUUID() },
      'sessions.restore': { sessionId: randomUUID() },
      'sessions.turn': { sessionId: randomUUID(), comparisonId: randomUUID(), conversationId: null, userMessage: 'Hi' },
      'sessions.vote': { sessionId: randomUUID(), comparisonId: randomUUID(), verdict: 'tie', scores: { left: {}, right: {} }, comment: '', category: '' },
      'sessions.undoVote': { sessionId: randomUUID(), voteId: randomUUID() },
      'sessions.editVote': { sessionId: randomUUID(), comparisonId: randomUUID(), comment: 'later thoughts' },
      'sessions.history': { sessionId: randomUUID() },
      'sessions.comparison': { sessionId: randomUUID(), comparisonId: randomUUID() },
      'sessions.reopen': { sessionId: randomUUID(), comparisonId: randomUUID() },
      'sessions.import': { jsonl: `${JSON.stringify({ type: 'session', v: 1, id: randomUUID(), at: new Date().toISOString(), name: 'Imported', models: [SESSION_MODEL('a'), SESSION_MODEL('b')], settings: SESSION_SETTINGS })}\n` },
      'sessions.startRun': { sessionId: randomUUID(), promptSetId: 'no-such-set', categories: [], shuffle: true, repeatShare: 0.1 },
      'sessions.runNext': { sessionId: randomUUID(), comparisonId: randomUUID(), runId: randomUUID(), step: 0 },
      'sessions.skipStep': { sessionId: randomUUID(), runId: randomUUID(), step: 0 },
      'promptSets.import': { name: 'Set', format: 'csv', text: 'prompt,category\nName a prime.,qa\n', fileName: 'set.csv' },
      'promptSets.delete': { promptSetId: 'no-such-set' },
      'stats.session': { sessionId: randomUUID() },
      'report.write': { sessionId: randomUUID() },
      'export.save': { format: 'csv', sessionId: null },
    };
    for (const channel of REQUEST_CHANNELS) {
      const reply = (await call(ws, ++id, channel, samples[channel] ?? {})) as { reply: { ok: boolean; error?: { code: string } } };
      expect(reply.reply.ok || reply.reply.error?.code === 'not-found', `${channel}: ${JSON.stringify(reply)}`).toBe(true);
    }
    expect(await call(ws, ++id, 'app.nope', {})).toMatchObject({ reply: { ok: false, error: { code: 'unknown-channel' } } });
    expect(await call(ws, id + 1, 'settings.update', { theme: 7 })).toMatchObject({ reply: { ok: false, error: { code: 'invalid-request', issues: [{ path: 'theme' }] } } });
    ws.close();
  });

  it('accepts the token as a query parameter for non-browser clients', async () => {
    const ws = await openSocket(host.port, { origin, query: `?token=${host.token}` });
    expect(ws).toBeInstanceOf(WebSocket);
    (ws as WebSocket).close();
  });

  it('pushes to a socket the events it listens to, and only those', async () => {
    const ws = (await openSocket(host.port, { origin, cookie })) as WebSocket;
    const messages: WsServerMessage[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(data.toString())));
    services.notices.raise('info', 'nobody listens yet');
    ws.send(JSON.stringify({ kind: 'subscribe', events: ['app.notice'] }));
    // A request after the subscribe: its reply comes after the subscribe was applied (one socket keeps the order).
    await call(ws, 1, 'app.notices', {});
    services.bus.emit('sessions.changed', { sessionId: 'not listened to' });
    services.notices.raise('info', 'hello from the services');
    // Pushed at once: by the reply to a request sent after it, the event is in.
    await call(ws, 2, 'app.notices', {});
    expect(messages.filter((m) => m.kind === 'event')).toEqual([{ kind: 'event', event: 'app.notice', payload: expect.objectContaining({ level: 'info', message: 'hello from the services' }) }]);
    ws.close();
  });

  it('hangs up on a message that is not the protocol', async () => {
    const ws = (await openSocket(host.port, { origin, cookie })) as WebSocket;
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('{"hello": "there"}');
    expect(await closed).toBe(1008);
  });
});
