import { request as httpRequest } from 'node:http';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DownloadRegistry } from '../../electron/host/downloads';
import { startHeadlessHost, type HeadlessHost } from '../../electron/host/headless-host';
import { EventBus } from '../../electron/services/events/event-bus';
import { exportHandlers } from '../../electron/services/export/export-handlers';
import type { ExportStore } from '../../electron/services/export/export-run';
import type { ExportSource } from '../../electron/services/export/export-source';
import type { OpenSession } from '../../electron/services/sessions/session-types';
import type { ExportDelivery, SessionSummary } from '../../electron/shared/sessions';
import { buildSessionRecords, exportSourceOf } from '../support/session-builders';
import { makeTempDir } from '../support/temp-dir';

interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, cookie?: string): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: cookie ? { Cookie: cookie } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('aborted')));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sessions as the exporters see them, over records in memory (the store has its own tests). */
function storeOf(sources: ExportSource[]): ExportStore {
  return {
    list: async () => sources.map((s) => ({ id: s.id, createdAt: s.header.at }) as SessionSummary),
    openForReading: async (id) => sources.find((s) => s.id === id) as OpenSession,
  };
}

describe('export.save in the headless host: a one-time download', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let host: HeadlessHost;
  let now = 0;
  const registry = new DownloadRegistry({ now: () => now });
  const records = buildSessionRecords(300, { seed: 5, name: 'Blind test: 知识问答' });
  const source = exportSourceOf(records);
  let failing = false;
  const handlers = exportHandlers({
    store: storeOf([source]),
    deliver: (job) => registry.deliver(failing ? { ...job, write: async (stream) => (stream.write('partial,'), Promise.reject(new Error('disk gone'))) } : job),
    now: () => new Date(2026, 2, 2, 12),
  });
  const cookie = () => `pairwise-token-${host.port}=${host.token}`;
  const save = async (): Promise<Extract<ExportDelivery, { kind: 'download' }>> => (await handlers['export.save']({ format: 'csv', sessionId: source.id })) as Extract<ExportDelivery, { kind: 'download' }>;

  beforeAll(async () => {
    dir = await makeTempDir();
    host = await startHeadlessHost({ services: { dispatch: async () => ({ ok: true, value: null }) as never, bus: new EventBus() }, rendererDir: dir.path, port: 0, downloads: registry });
  });
  afterAll(async () => {
    await host.close();
    await dir.remove();
  });

  it('streams the export as an attachment named for the session, with the security headers, once', async () => {
    const delivery = await save();
    expect(delivery).toMatchObject({ kind: 'download', filename: 'pairwise-blind-test-知识问答-2026-03-02.csv' });
    const response = await get(host.port, delivery.url, cookie());
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="pairwise-blind-test-____-2026-03-02.csv"; filename*=UTF-8''pairwise-blind-test-${encodeURIComponent('知识问答')}-2026-03-02.csv`);
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-store');
    const rows = parse(response.body, { bom: true, record_delimiter: '\r\n' }) as string[][];
    expect(rows).toHaveLength(1 + 300);
    expect((await get(host.port, delivery.url, cookie())).status).toBe(410);
  });

  it('is behind the access guard: no token cookie, no file (and the link is not spent)', async () => {
    const delivery = await save();
    expect((await get(host.port, delivery.url)).status).toBe(401);
    expect((await get(host.port, delivery.url, cookie())).status).toBe(200);
  });

  it('expires a minute after the export was asked for', async () => {
    const delivery = await save();
    now += 60_000;
    const response = await get(host.port, delivery.url, cookie());
    expect(response.status).toBe(410);
    expect(response.body).toContain('expired or was used already');
  });

  it('aborts the response when the export fails half way, so no cut file looks complete', async () => {
    failing = true;
    try {
      const delivery = await save();
      await expect(get(host.port, delivery.url, cookie())).rejects.toThrow();
    } finally {
      failing = false;
    }
  });

  it('refuses an unknown session before any link is made', async () => {
    const refused = exportHandlers({ store: { list: async () => [], openForReading: async () => Promise.reject(new Error('no session 1')) }, deliver: registry.deliver });
    await expect(refused['export.save']({ format: 'jsonl', sessionId: '0b5e8a0c-3f1d-4c2a-9e7b-6d5c4b3a2910' })).rejects.toThrow('no session 1');
  });
});
