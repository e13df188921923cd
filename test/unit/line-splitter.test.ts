import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LineSplitter, TRUNCATION_MARK, type LineMeta } from '../../electron/services/engines/logs/line-splitter';
import { seededRandom } from '../support/scenario-server';

interface Emitted {
  text: string;
  transient: boolean;
  truncated: boolean;
}

function collect(chunks: (Buffer | string)[], maxLineLength?: number): Emitted[] {
  const lines: Emitted[] = [];
  const splitter = new LineSplitter((text: string, meta: LineMeta) => lines.push({ text, ...meta }), maxLineLength ? { maxLineLength } : {});
  for (const chunk of chunks) splitter.push(chunk);
  splitter.flush();
  return lines;
}

function randomChunks(bytes: Buffer, next: () => number): Buffer[] {
  const chunks: Buffer[] = [];
  let at = 0;
  while (at < bytes.length) {
    const size = 1 + Math.floor(next() * (next() < 0.3 ? 4 : 64));
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

const final = (text: string): Emitted => ({ text, transient: false, truncated: false });
const transient = (text: string): Emitted => ({ text, transient: true, truncated: false });

describe('LineSplitter', () => {
  it('splits on LF and CRLF and emits the last partial line on flush', () => {
    expect(collect(['one\ntwo\r\nthree'])).toEqual([final('one'), final('two'), final('three')]);
    expect(collect(['a\n\nb\n'])).toEqual([final('a'), final(''), final('b')]);
  });

  it('reports tqdm redraws (lone CR) as transient and the final bar as a real line', () => {
    const bar = (n: number) => `Capturing CUDA graphs: ${n}%|`;
    expect(collect([`(EngineCore pid=1) \r${bar(0)}\r${bar(50)}\r${bar(100)}\n`])).toEqual([
      transient('(EngineCore pid=1) '),
      transient(bar(0)),
      transient(bar(50)),
      final(bar(100)),
    ]);
  });

  it('skips the empty segment before a leading CR', () => {
    expect(collect(['\rLoading 0%\n\rLoading 100%\n'])).toEqual([final('Loading 0%'), final('Loading 100%')]);
  });

  it('waits for the next chunk to tell CRLF from a lone CR', () => {
    expect(collect(['line\r', '\nnext\n'])).toEqual([final('line'), final('next')]);
    expect(collect(['bar 1\r', 'bar 2\r', '\n'])).toEqual([transient('bar 1'), final('bar 2')]);
  });

  it('keeps the last redraw as a line when the stream ends on a CR', () => {
    expect(collect(['bar 1\rbar 2\r'])).toEqual([transient('bar 1'), final('bar 2')]);
  });

  it('keeps UTF-8 characters split across chunks intact', () => {
    const bytes = Buffer.from('日本語 🚀 ok\n');
    const oneByteAtATime = [...bytes].map((byte) => Buffer.from([byte]));
    expect(collect(oneByteAtATime)).toEqual([final('日本語 🚀 ok')]);
  });

  it('gives identical lines for any chunking of a log with CJK, emoji, CRLF and tqdm redraws', () => {
    const bars = Array.from({ length: 100 }, (_, n) => `\rモデル読み込み 🚀: ${n}%|${'█'.repeat(n / 10)}| ${n}/100`).join('');
    const log = [
      '(APIServer pid=1) INFO 09-23 06:58:09 [utils.py:302] ▄▄ ▄█ █  version 0.30.0\n',
      '(EngineCore pid=67) 中文日志 — 正在加载模型 😀🤖\r\n',
      `(EngineCore pid=67) ${bars}\n`,
      'Traceback (most recent call last):\n  File "x.py", line 1, in <module>\nValueError: 値が不正です ✗\n',
      'no newline at the end: 終わり',
    ].join('');
    const bytes = Buffer.from(log);
    const expected = collect([bytes]);
    expect(expected.filter((line) => line.transient)).toHaveLength(100);
    expect(expected.at(-1)).toEqual(final('no newline at the end: 終わり'));
    for (let seed = 1; seed <= 300; seed++) {
      expect(collect(randomChunks(bytes, seededRandom(seed))), `seed ${seed}`).toEqual(expected);
    }
  });

  it('turns a fixture transcript into the same lines however it is chunked', () => {
    const bytes = readFileSync(new URL('../fixtures/vllm-logs/startup-v0.11.txt', import.meta.url));
    const expected = collect([bytes]);
    expect(expected.filter((line) => !line.transient)).toHaveLength(bytes.toString('utf8').split('\n').length - 1);
    expect(expected.some((line) => line.transient && line.text.startsWith('Capturing CUDA graphs'))).toBe(true);
    for (let seed = 1; seed <= 20; seed++) expect(collect(randomChunks(bytes, seededRandom(seed)))).toEqual(expected);
  });

  it('cuts a line over the limit, marks it, and resumes at the next line', () => {
    const long = 'x'.repeat(200_000);
    const lines = collect([long.slice(0, 70_000), long.slice(70_000), '\nafter\n']);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({ text: 'x'.repeat(65_536) + TRUNCATION_MARK, transient: false, truncated: true });
    expect(lines[1]).toEqual(final('after'));
  });

  it('does not split a surrogate pair at the cut', () => {
    const lines = collect(['ab🚀🚀🚀\n'], 3);
    expect(lines[0]?.text).toBe(`ab${TRUNCATION_MARK}`);
    expect(lines[0]?.truncated).toBe(true);
  });

  it('keeps a line of exactly the limit whole', () => {
    expect(collect(['abc\n'], 3)).toEqual([final('abc')]);
  });
});
