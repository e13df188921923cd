import type { ExitInfo, FailureReason, StartupStage } from '../../../shared/engine';

// The vocabulary the failure rules share: what they read, what a match carries, and small formatting helpers.

export interface RequestedSettings {
  gpuMemoryUtilization: number;
  maxModelLen: number | null;
  /** HF repo id or local path the profile asked for. */
  source: string;
  port: number | null;
}

export interface DiagnoseInput {
  /** Recent lines, oldest first, ANSI-stripped; vLLM's prefixes and headers may still be on. */
  lines: string[];
  exit: ExitInfo | null;
  requested: RequestedSettings;
  timedOut?: boolean;
  stoppedByUs?: boolean;
}

export interface DiagnosisContext {
  /** Each line's message (prefix and logger header removed), oldest first. */
  messages: readonly string[];
  exit: ExitInfo | null;
  requested: RequestedSettings;
  timedOut: boolean;
  stoppedByUs: boolean;
}

/** One wording of a failure. `hint` is a plain substring every matching line contains: a cheap filter. */
export interface LinePattern {
  variant: string;
  hint: string;
  pattern: RegExp;
}

export interface RuleMatch {
  variant: string;
  /** Index in `messages` of the line the match rests on, or -1. */
  index: number;
  evidence: string | null;
  /** The pattern's capture groups (index 0 is the whole match). */
  captures: readonly (string | undefined)[];
}

export interface Explanation {
  summary: string;
  advice: string;
  figures: Record<string, number>;
  /** A better line than the one matched (the root error behind a wrapper); the match's line otherwise. */
  evidence?: string | null;
}

export interface FailureRule {
  reason: FailureReason;
  match: (ctx: DiagnosisContext) => RuleMatch | null;
  explain: (match: RuleMatch, ctx: DiagnosisContext) => Explanation;
}

/** The earliest line matching any of the patterns: the root of a chain comes before what wraps it. */
export function findFirst(messages: readonly string[], patterns: readonly LinePattern[], from = 0): RuleMatch | null {
  for (let index = from; index < messages.length; index++) {
    const message = messages[index] ?? '';
    for (const { variant, hint, pattern } of patterns) {
      if (!message.includes(hint)) continue;
      const found = pattern.exec(message);
      if (found) return { variant, index, evidence: message.trim(), captures: [...found] };
    }
  }
  return null;
}

/** The first line matching the first pattern that matches anywhere: for wordings that differ in how much they say. */
export function findBest(messages: readonly string[], patterns: readonly LinePattern[]): RuleMatch | null {
  for (const pattern of patterns) {
    const found = findFirst(messages, [pattern]);
    if (found) return found;
  }
  return null;
}

export function anyLine(messages: readonly string[], hint: string, pattern?: RegExp): boolean {
  return messages.some((message) => message.includes(hint) && (!pattern || pattern.test(message)));
}

/** A match that rests on no particular line (an exit status, a timeout). */
export function matchWithoutLine(variant: string, evidence: string | null = null): RuleMatch {
  return { variant, index: -1, evidence, captures: [] };
}

/** `3.27` -> `3.3`: what a person reads; the exact values go in `figures`. */
export function gib(value: number): string {
  return value.toFixed(1);
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

const UNIT_TO_GIB: Record<string, number> = { GiB: 1, MiB: 1 / 1024, KiB: 1 / 1024 ** 2, B: 1 / 1024 ** 3, bytes: 1 / 1024 ** 3, byte: 1 / 1024 ** 3 };

export function toGiB(value: string | undefined, unit: string | undefined): number {
  return Number(value ?? 'NaN') * (UNIT_TO_GIB[unit ?? 'GiB'] ?? 1);
}

/** Ends a quoted log line so it reads as the end of a sentence. */
export function asSentenceEnd(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** `now 0.9` when the profile's value is known. */
export function currentUtilization(ctx: DiagnosisContext): string {
  return ctx.requested.gpuMemoryUtilization > 0 ? ` (now ${ctx.requested.gpuMemoryUtilization})` : '';
}

export const STAGE_PHRASES: Record<StartupStage, string> = {
  'waiting-for-gpu': 'waiting for the GPU',
  spawning: 'starting vLLM',
  initializing: 'initializing',
  downloading: 'downloading the weights',
  'loading-weights': 'loading the weights',
  compiling: 'compiling the model',
  'kv-cache': 'sizing the KV cache',
  'cuda-graphs': 'capturing CUDA graphs',
  'starting-server': 'starting the API server',
  'waiting-health': 'waiting for the health check',
  ready: 'serving',
};
