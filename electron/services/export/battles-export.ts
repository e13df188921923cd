// The battles export (issue 9, Export) in Chatbot Arena's shape, so FastChat's rating scripts read it as they read
// the Arena's own: fastchat/serve/monitor/clean_battle_data.py writes a JSON array (json.dump of a list) that
// elo_analysis.py loads with pd.read_json, one object per vote:
//   model_a, model_b   the models on the left and on the right (as in the Arena: A is the left pane)
//   winner             "model_a" | "model_b" | "tie" | "tie (bothbad)"
//   question_id        the comparison's id
//   turn               the turn in its conversation (1 = the first prompt)
//   anony              the names were hidden when the vote was cast (blind)
//   tstamp             when the vote was cast, in seconds since 1970 (as the Arena's logs)
//   judge              who voted: Pairwise records no identity, so "pairwise_user"
//   category, session_id  Pairwise's own, beside the Arena's fields
// Only comparisons with an effective vote are battles: unvoted ones and undone votes are left out.
import type { Verdict } from '../../shared/sessions';
import type { ExportSink } from './export-sink';
import { modelName, type ExportSource } from './export-source';
import type { RatedComparison } from '../sessions/session-types';

export type BattleWinner = 'model_a' | 'model_b' | 'tie' | 'tie (bothbad)';

/** clean_battle_data.py's convert_type: leftvote, rightvote, tievote, bothbad_vote. */
export const BATTLE_WINNER: Record<Verdict, BattleWinner> = { left: 'model_a', right: 'model_b', tie: 'tie', 'both-bad': 'tie (bothbad)' };

export interface Battle {
  question_id: string;
  model_a: string;
  model_b: string;
  winner: BattleWinner;
  judge: string;
  turn: number;
  anony: boolean;
  tstamp: number;
  category: string;
  session_id: string;
}

const BATCH_BATTLES = 500;

export function battleOf(source: ExportSource, rated: RatedComparison): Battle | null {
  const { comparison, vote } = rated;
  if (vote === null) return null;
  return {
    question_id: comparison.id,
    model_a: modelName(source, comparison.mapping.left),
    model_b: modelName(source, comparison.mapping.right),
    winner: BATTLE_WINNER[vote.verdict],
    judge: 'pairwise_user',
    turn: comparison.turn,
    anony: vote.blind,
    tstamp: Date.parse(vote.at) / 1000,
    category: vote.category,
    session_id: source.id,
  };
}

/** Streams a JSON array, one battle per line: valid JSON for pd.read_json, and still readable line by line. */
export async function writeBattles(sink: ExportSink, sources: readonly ExportSource[]): Promise<void> {
  let text = '[';
  let count = 0;
  for (const source of sources) {
    // Neither writes the answers: the store skips decoding them.
    for await (const rated of source.rated({ answers: false })) {
      const battle = battleOf(source, rated);
      if (battle === null) continue;
      text += `${count === 0 ? '\n' : ',\n'}${JSON.stringify(battle)}`;
      count += 1;
      if (count % BATCH_BATTLES === 0) {
        await sink.write(text);
        text = '';
      }
    }
  }
  await sink.write(`${text}${count === 0 ? ']\n' : '\n]\n'}`);
  sink.rows += count;
}
