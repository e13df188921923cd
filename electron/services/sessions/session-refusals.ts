// What an open session refuses to append (a wrong reference, a second header, a model it does not have, a key
// point its prompt does not list), in one place for appends and imports. Loading is lenient instead: a stray
// reference in a file is ignored, not a reason to lose the session; only a model the session does not have makes
// a line damaged on load (History would fail on it later).
import type { SessionHeaderRecord, SessionRecord, Side } from '../../shared/sessions';
import type { SessionIndex } from './session-index';

/** Why `record` cannot be appended to the session `index` stands for now, or null. */
export function recordRefusal(index: SessionIndex, record: SessionRecord): string | null {
  switch (record.type) {
    case 'session':
      return 'the session already has its header';
    case 'comparison': {
      const models = modelProblem(index.header, record);
      if (models) return models;
      if (record.run && !index.runs.run(record.run.runId)) return `run ${record.run.runId} is not in this session`;
      return index.has(record.id) ? `comparison ${record.id} is already recorded` : null;
    }
    case 'server':
      return modelProblem(index.header, record);
    case 'skip':
      return index.runs.run(record.runId) ? null : `run ${record.runId} is not in this session`;
    case 'vote': {
      const i = index.numberOf(record.comparisonId);
      if (i < 0) return `comparison ${record.comparisonId} is not in this session`;
      return record.keyPoints ? keyPointProblem(record.keyPoints, index.runs.promptFacts(i)?.keyPoints ?? 0) : null;
    }
    case 'undo': {
      const entry = index.vote(record.voteId);
      return !entry ? `vote ${record.voteId} is not in this session` : entry.undone ? `vote ${record.voteId} is already undone` : null;
    }
    case 'edit':
      return index.vote(record.voteId) ? null : `vote ${record.voteId} is not in this session`;
    default:
      return null;
  }
}

/** A comparison or server record naming a model the session does not have, or null. */
export function modelProblem(header: SessionHeaderRecord, record: SessionRecord): string | null {
  const models = header.models.length;
  const named = record.type === 'comparison' ? [record.mapping.left, record.mapping.right] : record.type === 'server' ? [record.model] : [];
  const missing = named.find((model) => model >= models);
  if (missing !== undefined) return `the session has no model ${missing + 1} (it has ${models})`;
  return record.type === 'comparison' && record.mapping.left === record.mapping.right ? 'both sides name the same model' : null;
}

/** Ticked key points that the comparison does not have, or ticked twice; null when they fit. */
function keyPointProblem(ticks: Record<Side, number[]>, count: number): string | null {
  for (const side of ['left', 'right'] as const) {
    if (ticks[side].some((tick) => tick >= count)) return `the ${side} side ticks a key point the prompt's ${count} do not include`;
    if (new Set(ticks[side]).size !== ticks[side].length) return `the ${side} side ticks a key point twice`;
  }
  return null;
}
