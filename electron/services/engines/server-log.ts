import { createWriteStream, mkdirSync, openSync, renameSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { LogLine } from '../../shared/engine';

export interface ServerLogOptions {
  /** Lines kept in memory for the UI. */
  capacity?: number;
  /** Called once per failure streak when the log file cannot be written (disk full, folder gone). */
  onFileError?: (error: NodeJS.ErrnoException) => void;
  maxFileBytes?: number;
  keepFiles?: number;
  now?: () => number;
}

/**
 * One server's log: the last N lines in a ring for the UI, and every line in a rotating file
 * (server.log, server.log.1, ...) for later reading. The ring and the sequence numbers outlive restarts, so a
 * crash's last lines stay visible after the next launch begins.
 */
export class ServerLog {
  private readonly ring: (LogLine | undefined)[];
  private nextSeq = 1;
  private file: WriteStream | null = null;
  private filePath: string | null = null;
  private fileBytes = 0;
  private failing = false;
  private readonly capacity: number;
  private readonly now: () => number;

  constructor(private readonly options: ServerLogOptions = {}) {
    this.capacity = options.capacity ?? 5000;
    this.ring = new Array(this.capacity);
    this.now = options.now ?? Date.now;
  }

  /** Starts (or continues) writing to a file; called at each launch with the current data folder's path. */
  openFile(path: string): void {
    if (this.filePath === path && this.file) return;
    this.closeFile();
    this.filePath = path;
    try {
      mkdirSync(dirname(path), { recursive: true });
      this.fileBytes = safeSize(path);
      this.file = this.createStream(path);
    } catch (error) {
      this.reportFileError(error as NodeJS.ErrnoException);
    }
  }

  append(stream: LogLine['stream'], text: string): LogLine {
    const line: LogLine = { seq: this.nextSeq++, at: this.now(), stream, text };
    this.ring[line.seq % this.capacity] = line;
    this.writeToFile(line);
    return line;
  }

  /** Lines with seq > afterSeq still in the ring, oldest first, at most `limit` (the newest ones). */
  tail(afterSeq = 0, limit = this.capacity): LogLine[] {
    const first = Math.max(afterSeq + 1, this.nextSeq - this.capacity, 1);
    const start = Math.max(first, this.nextSeq - limit);
    const lines: LogLine[] = [];
    for (let seq = start; seq < this.nextSeq; seq++) {
      const line = this.ring[seq % this.capacity];
      if (line && line.seq === seq) lines.push(line);
    }
    return lines;
  }

  /** Case-insensitive search over the ring, newest matches kept when over the limit. */
  search(query: string, limit = 500): LogLine[] {
    const needle = query.toLowerCase();
    return this.tail().filter((line) => line.text.toLowerCase().includes(needle)).slice(-limit);
  }

  /** The last `count` messages as plain text, oldest first (input for diagnosis). */
  recentText(count: number): string[] {
    return this.tail(0, count).map((line) => line.text);
  }

  get path(): string | null {
    return this.filePath;
  }

  closeFile(): Promise<void> {
    const file = this.file;
    this.file = null;
    return new Promise((resolve) => (file ? file.end(() => resolve()) : resolve()));
  }

  private writeToFile(line: LogLine): void {
    if (!this.file || !this.filePath) return;
    const marker = line.stream === 'stderr' ? 'E' : line.stream === 'app' ? 'A' : 'O'; // A: Pairwise's own lines
    const text = `${new Date(line.at).toISOString()} ${marker} ${line.text}\n`;
    this.fileBytes += Buffer.byteLength(text);
    this.file.write(text);
    if (this.fileBytes > (this.options.maxFileBytes ?? 5 * 1024 * 1024)) this.rotate();
  }

  private rotate(): void {
    const path = this.filePath!;
    const keep = this.options.keepFiles ?? 3;
    const old = this.file;
    this.file = null;
    old?.end();
    try {
      rmSync(`${path}.${keep}`, { force: true });
      for (let i = keep - 1; i >= 1; i--) renameIfExists(`${path}.${i}`, `${path}.${i + 1}`);
      renameIfExists(path, `${path}.1`);
      this.fileBytes = 0;
      this.file = this.createStream(path);
    } catch (error) {
      this.reportFileError(error as NodeJS.ErrnoException);
    }
  }

  /**
   * Opens the file synchronously and streams to the descriptor: writes still queued when the file is rotated
   * land in the renamed file (the descriptor follows it), never in a half-opened new one.
   */
  private createStream(path: string): WriteStream {
    const stream = createWriteStream(path, { fd: openSync(path, 'a') });
    stream.on('error', (error) => this.reportFileError(error));
    this.failing = false;
    return stream;
  }

  private reportFileError(error: NodeJS.ErrnoException): void {
    this.file = null;
    if (this.failing) return;
    this.failing = true;
    this.options.onFileError?.(error);
  }
}

function safeSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function renameIfExists(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
