// The headless host's way of delivering an export (export.save): the request registers the export under a one-time
// token and replies with its address; the browser then fetches /download/<token> (behind the access guard, like
// every page), and the export streams into that response as an attachment. A link works once, and for a minute:
// it is a capability, and a stale one should not linger in memory holding open sessions.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExportDelivery } from '../shared/sessions';
import { EXPORT_MEDIA_TYPES } from '../services/export/export-run';
import type { ExportDeliver, ExportJob } from '../services/export/export-handlers';
import { newToken } from './access-guard';

export const DOWNLOAD_PREFIX = '/download/';
export const DOWNLOAD_TTL_MS = 60_000;

export interface DownloadRegistryOptions {
  ttlMs?: number;
  now?: () => number;
}

export class DownloadRegistry {
  private readonly pending = new Map<string, { job: ExportJob; expires: number }>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: DownloadRegistryOptions = {}) {
    this.ttlMs = options.ttlMs ?? DOWNLOAD_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  /** export.save's delivery in the headless host. */
  readonly deliver: ExportDeliver = async (job): Promise<ExportDelivery> => {
    const token = this.register(job);
    return { kind: 'download', url: `${DOWNLOAD_PREFIX}${token}`, filename: job.filename };
  };

  register(job: ExportJob): string {
    this.prune();
    const token = newToken();
    this.pending.set(token, { job, expires: this.now() + this.ttlMs });
    return token;
  }

  /** The job, once: a second take, or one after the deadline, gets null. */
  take(token: string): ExportJob | null {
    this.prune();
    const entry = this.pending.get(token);
    this.pending.delete(token);
    return entry?.job ?? null;
  }

  get size(): number {
    this.prune();
    return this.pending.size;
  }

  private prune(): void {
    const now = this.now();
    for (const [token, entry] of this.pending) if (entry.expires <= now) this.pending.delete(token);
  }
}

const GONE = 'This download link has expired or was used already (each works once, for a minute). Export again from Pairwise.\n';

/**
 * Serves GET /download/<token> (the caller has checked the access token and set the security headers). Once the
 * first byte is out, a failure can no longer become an error status: the response is destroyed instead, so the
 * browser reports a failed download rather than keeping a file cut short.
 */
export async function serveDownload(registry: DownloadRegistry, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
  if (request.method !== 'GET') return void response.writeHead(405, { Allow: 'GET' }).end();
  const job = registry.take(path.slice(DOWNLOAD_PREFIX.length));
  if (job === null) return void response.writeHead(410, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(GONE);
  response.writeHead(200, {
    'Content-Type': EXPORT_MEDIA_TYPES[job.format],
    'Content-Disposition': contentDisposition(job.filename),
    'Cache-Control': 'no-store',
  });
  try {
    await job.write(response);
    response.end();
  } catch (error) {
    response.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

/** RFC 6266: an ASCII fallback for old clients, and the exact UTF-8 name in filename* (RFC 8187). */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
