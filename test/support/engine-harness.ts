import { createAppServices, type AppServices } from '../../electron/services/app-services';
import { confBackend } from '../../electron/services/store/conf-backend';
import type { EngineStatus, EngineState } from '../../electron/shared/engine';
import { newVllmDraft, type ModelProfile, type ProfileDraft, type VllmProfileDraft } from '../../electron/shared/profiles';
import type { EngineTimings } from '../../electron/services/engines/vllm-engine';
import { emulatorEnv } from './emulator';

export interface Harness {
  services: AppServices;
  /** Every engines.status event, in order. */
  events: EngineStatus[];
  createProfile(draft: ProfileDraft): ModelProfile;
  /** Resolves with the first status of that profile in `state` (past or future); rejects after timeoutMs. */
  waitFor(profileId: string, state: EngineState, timeoutMs?: number): Promise<EngineStatus>;
  dispose(): Promise<void>;
}

/** The real services (engine manager included) over a temp folder, with the emulator first on PATH. */
export function createHarness(userDataDir: string, options: { env?: Record<string, string>; timings?: Partial<EngineTimings>; compareIdleTimeoutMs?: number } = {}): Harness {
  const services = createAppServices({
    shell: 'headless',
    version: '9.9.9-test',
    userDataDir,
    createStoreBackend: confBackend,
    // A 48 GB card (RTX A6000): the sample study's pair (Qwen3-4B + Qwen2-7B, bf16) fits on it, as it would for real.
    env: emulatorEnv({ NVIDIA_SMI_EMU_GPUS: JSON.stringify([{ name: 'NVIDIA RTX A6000', totalMiB: 49140, usedMiB: 0 }]), ...options.env }),
    timings: { stopGraceMs: 3000, readyDeadlineMs: 30_000, ...options.timings },
    compareIdleTimeoutMs: options.compareIdleTimeoutMs,
  });
  const events: EngineStatus[] = [];
  services.bus.on('engines.status', (status) => events.push(status));
  return {
    services,
    events,
    createProfile: (draft) => services.profiles.create(draft),
    waitFor: (profileId, state, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const seen = events.find((s) => s.profileId === profileId && s.state === state);
        if (seen) return resolve(seen);
        const timer = setTimeout(() => {
          off();
          const last = events.filter((s) => s.profileId === profileId).at(-1);
          reject(new Error(`${profileId} not ${state} within ${timeoutMs} ms; last: ${JSON.stringify(last)}`));
        }, timeoutMs);
        const off = services.bus.on('engines.status', (status) => {
          if (status.profileId === profileId && status.state === state) {
            clearTimeout(timer);
            off();
            resolve(status);
          }
        });
      }),
    dispose: () => services.dispose(),
  };
}

/** A vLLM profile for the emulator: fast startup, its knobs in the profile's env (as a user would set env). */
export function emulatedDraft(source: string, knobs: Record<string, string> = {}, overrides: Partial<VllmProfileDraft> = {}): VllmProfileDraft {
  return {
    ...newVllmDraft(source),
    maxModelLen: 4096,
    env: { VLLM_EMU_STARTUP_MS: '300', VLLM_EMU_GPU_TOTAL_GIB: '47.99', ...knobs },
    ...overrides,
  };
}
