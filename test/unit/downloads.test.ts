import { describe, expect, it } from 'vitest';
import { contentDisposition, DownloadRegistry } from '../../electron/host/downloads';
import type { ExportJob } from '../../electron/services/export/export-handlers';

const job = (filename = 'pairwise-all-2026-03-02.csv'): ExportJob => ({ filename, format: 'csv', write: async () => ({ bytes: 0, rows: 0 }) });

describe('one-time download links', () => {
  it('deliver a link to /download/<token> with the file name, which works once', async () => {
    const registry = new DownloadRegistry();
    const the = job();
    const delivery = await registry.deliver(the);
    expect(delivery).toEqual({ kind: 'download', url: expect.stringMatching(/^\/download\/[\w-]{32}$/), filename: the.filename });
    const token = delivery.kind === 'download' ? delivery.url.split('/').pop()! : '';
    expect(registry.take(token)).toBe(the);
    expect(registry.take(token)).toBeNull();
    expect(registry.take('not-a-token')).toBeNull();
  });

  it('expire after 60 s, and are forgotten then', () => {
    let now = 1_000;
    const registry = new DownloadRegistry({ now: () => now });
    const early = registry.register(job());
    const late = registry.register(job());
    now += 59_999;
    expect(registry.take(early)).not.toBeNull();
    now += 1;
    expect(registry.take(late)).toBeNull();
    expect(registry.size).toBe(0);
  });

  it('name the file for old and new browsers alike (RFC 6266, filename* in UTF-8)', () => {
    expect(contentDisposition('pairwise-all-2026-03-02.csv')).toBe(`attachment; filename="pairwise-all-2026-03-02.csv"; filename*=UTF-8''pairwise-all-2026-03-02.csv`);
    expect(contentDisposition(`pairwise-知识问答 "x" 100%'s-2026-03-02.csv`)).toBe(
      `attachment; filename="pairwise-____ _x_ 100_'s-2026-03-02.csv"; filename*=UTF-8''pairwise-%E7%9F%A5%E8%AF%86%E9%97%AE%E7%AD%94%20%22x%22%20100%25%27s-2026-03-02.csv`,
    );
  });
});
