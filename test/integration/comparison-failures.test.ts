// Every way a server can answer badly, inside a real comparison: one side is an emulated vLLM server, the other an
// endpoint profile pointing at the scenario server playing that failure. The failing side ends with its typed
// error and message; the emulated side finishes normally, with its whole answer and its timings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InferenceErrorKind } from '../../electron/shared/compare';
import type { ModelProfile } from '../../electron/shared/profiles';
import type { Side } from '../../electron/shared/sides';
import { compareAndWait, startRequest } from '../support/compare-harness';
import { createHarness, emulatedDraft, type Harness } from '../support/engine-harness';
import { ERROR_SCENARIOS, SCENARIO_MODEL } from '../support/error-scenarios';
import { RECORDINGS } from '../support/recorded-streams';
import { sendEventStreamHead, startScenarioServer, type ScenarioServer } from '../support/scenario-server';
import { makeTempDir } from '../support/temp-dir';

const IDLE_TIMEOUT_MS = 1500;

const EXPECTED: Record<string, InferenceErrorKind> = {
  'stream-error': 'stream-error',
  'no-done-unfinished': 'connection-reset',
  'killed-mid-answer': 'connection-reset',
  'reset-mid-answer': 'connection-reset',
  'reset-before-answer': 'connection-reset',
  stall: 'idle-timeout',
  'not-json': 'malformed-stream',
  'json-200': 'malformed-stream',
  'empty-200': 'malformed-stream',
  'ctx-classic': 'context-length',
  'ctx-max-tokens': 'context-length',
  'ctx-passed': 'context-length',
  'ctx-openai-old-flat': 'context-length',
  'model-nested': 'model-not-found',
  'model-flat': 'model-not-found',
  unauthorized: 'unauthorized',
  'html-502': 'server-error',
  'text-500': 'server-error',
  'route-404': 'bad-request',
  'validation-400': 'bad-request',
};

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let harness: Harness;
let scenarios: ScenarioServer;
let good: ModelProfile;
const endpoints = new Map<string, ModelProfile>();

beforeAll(async () => {
  dir = await makeTempDir();
  harness = createHarness(dir.path, { compareIdleTimeoutMs: IDLE_TIMEOUT_MS });
  scenarios = await startScenarioServer(ERROR_SCENARIOS, {
    models: [SCENARIO_MODEL],
    warmup: async (res) => {
      sendEventStreamHead(res);
      res.end(RECORDINGS[0]!.bytes);
    },
  });
  good = harness.createProfile(emulatedDraft('Qwen/Qwen3-4B-Instruct-2507', { VLLM_EMU_TOKENS_PER_S: '400', VLLM_EMU_OUTPUT_TOKENS: '40' }, { name: 'emulated' }));
  await harness.services.engines.launch(good.id);
  for (const scenario of Object.keys(EXPECTED)) {
    const profile = harness.createProfile({ engine: 'endpoint', name: scenario, baseUrl: scenarios.baseUrl(scenario), apiKey: null, servedName: SCENARIO_MODEL });
    endpoints.set(scenario, profile);
    await harness.services.engines.launch(profile.id);
  }
  await Promise.all([good, ...endpoints.values()].map((profile) => harness.waitFor(profile.id, 'ready')));
}, 60_000);

afterAll(async () => {
  await harness?.dispose();
  await scenarios?.close();
  await dir?.remove();
});

describe('a comparison where one server answers badly', () => {
  it.each(Object.entries(EXPECTED).map(([scenario, kind], i) => [scenario, kind, (i % 2 === 0 ? 'right' : 'left') as Side]))(
    '%s: %s on its side only (the failing server on the %s)',
    async (scenario, kind, failingSide) => {
      const failing = endpoints.get(scenario)!;
      const [leftId, rightId] = failingSide === 'left' ? [failing.id, good.id] : [good.id, failing.id];
      const { snapshot, finished } = await compareAndWait(harness, startRequest(leftId, rightId, { userMessage: `Scenario ${scenario}.` }));

      const bad = snapshot.sides[failingSide];
      expect(bad.outcome?.kind).toBe('error');
      const error = bad.outcome?.kind === 'error' ? bad.outcome.error : null;
      expect(error?.kind).toBe(kind);
      expect(error?.message.length).toBeGreaterThan(10);

      const other = snapshot.sides[failingSide === 'left' ? 'right' : 'left'];
      expect(other.outcome?.kind).toBe('done');
      expect(other.content.length).toBeGreaterThan(0);
      expect(other.outcome?.timings.outputTokens).toBe(40);
      expect(other.outcome?.timings.ttftMs).toBeGreaterThan(0);
      expect(finished.map((f) => f.side).sort()).toEqual(['left', 'right']);
    },
  );
});
