import { requests, type Handlers } from '../../shared/contract';
import { isRequestChannel } from '../../shared/channels';
import { ServiceError, type ApiIssue, type Reply } from '../../shared/errors';
import type { z } from 'zod';

export type Dispatch = (channel: unknown, payload: unknown) => Promise<Reply<unknown>>;

export interface DispatcherOptions {
  /** Where unexpected errors (with their stacks) go; the caller only ever sees a generic message. */
  reportInternalError: (channel: string, error: unknown) => void;
}

/**
 * The single gate every request passes, in Electron main and in the headless host alike: unknown channels
 * and invalid payloads are answered with a typed error before any service runs; thrown ServiceErrors keep
 * their code and message; anything else becomes `internal` without a stack.
 */
export function createDispatcher(handlers: Handlers, options: DispatcherOptions): Dispatch {
  return async (channel, payload) => {
    if (!isRequestChannel(channel)) {
      return { ok: false, error: { code: 'unknown-channel', message: `Unknown request channel ${JSON.stringify(channel)}.` } };
    }
    const parsed = requests[channel].request.safeParse(payload ?? {});
    if (!parsed.success) {
      const issues = toIssues(parsed.error);
      const first = issues[0];
      const where = first && first.path ? `${first.path}: ` : '';
      return {
        ok: false,
        error: { code: 'invalid-request', message: `Invalid ${channel} request — ${where}${first?.message ?? 'bad payload'}.`, issues },
      };
    }
    try {
      const handler = handlers[channel] as (p: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof ServiceError) return { ok: false, error: error.toBody() };
      options.reportInternalError(channel, error);
      return { ok: false, error: { code: 'internal', message: `Pairwise failed to handle ${channel}; the details are in the app log.` } };
    }
  };
}

function toIssues(error: z.ZodError): ApiIssue[] {
  return error.issues.flatMap((issue) => {
    const at = issue.path.map(String);
    // zod reports unknown keys at their parent's path: give each its own, so the issue names the field.
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...at, key].join('.'), message: 'unknown field' }));
    return [{ path: at.join('.'), message: issue.message }];
  });
}
