import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeBattles, type Battle } from '../../electron/services/export/battles-export';
import { ExportSink } from '../../electron/services/export/export-sink';
import type { ExportSource } from '../../electron/services/export/export-source';
import type { ModelIndex, SessionRecord } from '../../electron/shared/sessions';
import { seededRandom } from '../support/seeded-random';
import { buildComparison, buildHeader, buildServerRecord, buildSessionRecords, buildUndo, buildVote, exportSourceOf, ratedFrom } from '../support/session-builders';

async function battlesOf(sources: ExportSource[]): Promise<{ text: string; battles: Battle[]; rows: number }> {
  const chunks: Buffer[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _e, done) => (chunks.push(chunk), done()) });
  const sink = new ExportSink(stream);
  await writeBattles(sink, sources);
  const text = Buffer.concat(chunks).toString('utf8');
  return { text, battles: JSON.parse(text) as Battle[], rows: sink.rows };
}

const QWEN3 = 'Qwen3-4B-Instruct-2507';
const QWEN2 = 'Qwen2-7B-Instruct';

/** One comparison per verdict, model 0 on the left in the first and third, on the right in the others. */
function verdictSession(blind: boolean): SessionRecord[] {
  const random = seededRandom(21);
  const header = buildHeader(random, { settings: { blind } });
  const servers = [buildServerRecord(random, 0, header.at), buildServerRecord(random, 1, header.at)];
  const records: SessionRecord[] = [header, ...servers];
  (['left', 'right', 'tie', 'both-bad'] as const).forEach((verdict, i) => {
    const at = new Date(Date.parse(header.at) + (i + 1) * 1000).toISOString();
    const comparison = buildComparison(random, { at, leftModel: (i % 2) as ModelIndex, turn: i + 1, servers: { 0: servers[0]!.id, 1: servers[1]!.id }, settings: header.settings });
    records.push(comparison, buildVote(random, comparison, header.settings.dimensions, { at, verdict, category: 'coding' }));
  });
  return records;
}

describe('the battles export (Chatbot Arena shape)', () => {
  it('maps the four verdicts to model_a / model_b / tie / tie (bothbad), model_a being the left side', async () => {
    const records = verdictSession(true);
    const { battles } = await battlesOf([exportSourceOf(records)]);
    expect(battles.map((b) => [b.model_a, b.model_b, b.winner])).toEqual([
      [QWEN3, QWEN2, 'model_a'],
      [QWEN2, QWEN3, 'model_b'],
      [QWEN3, QWEN2, 'tie'],
      [QWEN2, QWEN3, 'tie (bothbad)'],
    ]);
    const header = records[0]!;
    const comparisons = records.filter((r) => r.type === 'comparison');
    const votes = records.filter((r) => r.type === 'vote');
    battles.forEach((battle, i) => {
      expect(battle).toEqual({
        question_id: comparisons[i]!.id,
        model_a: battle.model_a,
        model_b: battle.model_b,
        winner: battle.winner,
        judge: 'pairwise_user',
        turn: i + 1,
        anony: true,
        tstamp: Date.parse(votes[i]!.at) / 1000,
        category: 'coding',
        session_id: header.type === 'session' ? header.id : '',
      });
    });
  });

  it('marks a vote cast with the names showing as not anonymous', async () => {
    const { battles } = await battlesOf([exportSourceOf(verdictSession(false))]);
    expect(battles.map((b) => b.anony)).toEqual([false, false, false, false]);
  });

  it('leaves out comparisons never voted and votes undone, and keeps a vote cast again after an undo', async () => {
    const random = seededRandom(8);
    const header = buildHeader(random);
    const servers = { 0: 's0', 1: 's1' } as const;
    const [unvoted, undone, revoted] = [0, 1, 2].map(() => buildComparison(random, { at: header.at, servers, settings: header.settings }));
    const undoneVote = buildVote(random, undone!, [], { at: header.at, verdict: 'left' });
    const firstVote = buildVote(random, revoted!, [], { at: header.at, verdict: 'left' });
    const secondVote = buildVote(random, revoted!, [], { at: '2026-03-02T10:00:00.000Z', verdict: 'tie' });
    const records: SessionRecord[] = [header, unvoted!, undone!, undoneVote, buildUndo(undoneVote, header.at), revoted!, firstVote, buildUndo(firstVote, header.at), secondVote];
    const { battles, rows } = await battlesOf([exportSourceOf(records)]);
    expect(battles.map((b) => [b.question_id, b.winner, b.tstamp])).toEqual([[revoted!.id, 'tie', Date.parse('2026-03-02T10:00:00.000Z') / 1000]]);
    expect(rows).toBe(1);
  });

  it('writes one JSON array (what FastChat writes and pd.read_json reads), one battle per line, [] when none', async () => {
    const records = buildSessionRecords(1_200, { seed: 2 });
    const { text, battles } = await battlesOf([exportSourceOf(records), exportSourceOf(buildSessionRecords(10, { seed: 3 }))]);
    const lines = text.split('\n');
    expect(lines[0]).toBe('[');
    expect(lines.at(-2)).toBe(']');
    expect(lines.slice(1, -2).every((line, i, all) => line.startsWith('{') && line.endsWith(i === all.length - 1 ? '}' : '},'))).toBe(true);
    const voted = ratedFrom(records).filter((r) => r.vote !== null).length;
    expect(battles.length).toBeGreaterThan(voted);
    expect(battles.slice(0, voted).map((b) => b.question_id)).toEqual(ratedFrom(records).filter((r) => r.vote !== null).map((r) => r.comparison.id));
    expect((await battlesOf([])).text).toBe('[]\n');
  });
});
