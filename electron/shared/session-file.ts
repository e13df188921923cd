// A rating session's file (design §6, issues 9–10): one record per line, each type below. Pure types, shared by
// the services (which write and check them: session-records.ts holds their schemas) and the renderer (types only).
import type { ChatMessage, SideOutcome, SideSettings } from './compare';
import type { PromptSetItem } from './prompt-sets';
import type { SessionSettings, SessionVariant } from './sessions';
import type { ModelIndex, Verdict } from './session-values';
import type { Side } from './sides';

export const SESSION_FILE_VERSION = 1;

/** A model of the session as it was when the session began (its profile, without any API key). */
export interface SessionModel {
  profileId: string;
  name: string;
  engine: 'vllm' | 'endpoint';
  /** HF id or local path (vLLM), or the base URL (endpoint). */
  source: string;
  servedName: string;
  /** Every field of the profile then, the API key removed. */
  profile: Record<string, unknown>;
  /** In a variant session, the setting this model is (absent in files before variants: none). */
  variant?: SessionVariant | null;
}

/** What reproduces a server's answers: recorded once per launch, referenced by every comparison it served. */
export interface ServerFacts {
  engine: 'vllm' | 'endpoint';
  source: string;
  /** The HF cache's commit hash for the model, where known. */
  revision: string | null;
  vllmVersion: string | null;
  /** The exact argv it was launched with (null for an endpoint Pairwise did not launch). */
  argv: string[] | null;
  gpuName: string | null;
}

export interface SessionHeaderRecord {
  type: 'session';
  v: typeof SESSION_FILE_VERSION;
  id: string;
  /** ISO 8601. */
  at: string;
  name: string;
  /** Two or more (files before issue 10 always have two). */
  models: SessionModel[];
  settings: SessionSettings;
}

export interface SettingsRecord {
  type: 'settings';
  at: string;
  settings: SessionSettings;
}

export interface RenamedRecord {
  type: 'renamed';
  at: string;
  name: string;
}

export interface ServerRecord {
  type: 'server';
  at: string;
  /** Referenced by comparisons' `servers`. */
  id: string;
  model: ModelIndex;
  facts: ServerFacts;
}

export interface ComparisonSideRecord {
  content: string;
  reasoning: string;
  outcome: SideOutcome;
  /** The sampling this side was sent, and what differed from the session's. */
  settings: SideSettings;
}

export interface ComparisonRecord {
  type: 'comparison';
  /** When both sides were over (ISO 8601). */
  at: string;
  startedAt: string;
  id: string;
  conversationId: string;
  turn: number;
  /** The comparison this one regenerated (the same turn again), or null. */
  replaces: string | null;
  /** Which model answered on which side. */
  mapping: Record<Side, ModelIndex>;
  /** Whose request body was written to its socket first. */
  firstWritten: Side;
  blind: boolean;
  equalReveal: boolean;
  systemPrompt: string;
  userMessage: string;
  /** The earlier turns as each side's model saw them: its messages are system prompt + history + userMessage. */
  history: Record<Side, ChatMessage[]>;
  /** The seed both requests carried (null: none). */
  seed: number | null;
  sides: Record<Side, ComparisonSideRecord>;
  /** The `server` record of each side's server. */
  servers: Record<Side, string>;
  /** The prompt set step this comparison ran (absent: typed by hand). */
  run?: RunPlacement | null;
  /** The prompt's category (from its prompt set), which the vote starts from. */
  category?: string;
  /** The prompt's key points, which the vote ticks per side. */
  keyPoints?: string[];
}

/** Where a comparison stands in a prompt set run. */
export interface RunPlacement {
  runId: string;
  step: number;
  itemId: string;
  /** A hidden repeat: the comparison it repeats with the sides swapped. */
  repeatOf: string | null;
}

/** A prompt set run started in the session: the set's prompts as they were, and the order they are shown in. */
export interface RunRecord {
  type: 'run';
  at: string;
  id: string;
  promptSetId: string;
  name: string;
  items: PromptSetItem[];
  /** In order; a repeat names the step it repeats (always an earlier one). */
  steps: { item: number; repeatOf: number | null }[];
  /** What drew the order and the repeats (recorded, so the plan can be checked). */
  seed: number;
  repeatShare: number;
}

/** A step of a run passed over. */
export interface SkipRecord {
  type: 'skip';
  at: string;
  runId: string;
  step: number;
}

export interface VoteRecord {
  type: 'vote';
  at: string;
  id: string;
  comparisonId: string;
  verdict: Verdict;
  scores: Record<Side, Record<string, number>>;
  comment: string;
  category: string;
  /** Sides whose answer had failed or was cancelled when this vote was cast. */
  failedSides: Side[];
  /** The names were still hidden when the person voted. */
  blind: boolean;
  /** Per side, the key points ticked (positions in the comparison's keyPoints); absent without key points. */
  keyPoints?: Record<Side, number[]>;
}

export interface UndoRecord {
  type: 'undo';
  at: string;
  voteId: string;
}

/** A later change to a vote's comment or category (the vote itself is never rewritten). */
export interface VoteEditRecord {
  type: 'edit';
  at: string;
  voteId: string;
  comment?: string;
  category?: string;
}

export type SessionRecord =
  | SessionHeaderRecord
  | SettingsRecord
  | RenamedRecord
  | ServerRecord
  | ComparisonRecord
  | VoteRecord
  | UndoRecord
  | VoteEditRecord
  | RunRecord
  | SkipRecord;
export type SessionRecordType = SessionRecord['type'];
