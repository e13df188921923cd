import type { Diagnosis } from '../../../shared/engine';
import { messageOf } from '../logs/log-line';
import type { DiagnoseInput, DiagnosisContext, FailureRule, RuleMatch } from './context';
import { FAILURE_RULES, unknownFailure } from './rules';

export type { DiagnoseInput, RequestedSettings } from './context';

/** Enough for any traceback vLLM prints; bounds the work on a huge tail. */
const MAX_LINES = 2000;

/** Why a server did not start or stopped on its own, in words a person can act on (design §4 "Diagnosis"). */
export function diagnose(input: DiagnoseInput): Diagnosis {
  const ctx: DiagnosisContext = {
    messages: input.lines.slice(-MAX_LINES).map(messageOf),
    exit: input.exit,
    requested: input.requested,
    timedOut: input.timedOut ?? false,
    stoppedByUs: input.stoppedByUs ?? false,
  };
  for (const rule of FAILURE_RULES) {
    const match = rule.match(ctx);
    if (match) return explain(rule, match, ctx);
  }
  return explain(unknownFailure, { variant: 'silent', index: -1, evidence: null, captures: [] }, ctx);
}

function explain(rule: FailureRule, match: RuleMatch, ctx: DiagnosisContext): Diagnosis {
  const { summary, advice, figures, evidence } = rule.explain(match, ctx);
  return { reason: rule.reason, summary, advice, evidence: evidence === undefined ? match.evidence : evidence, figures };
}
