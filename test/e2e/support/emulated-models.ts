// Profiles of emulated vLLM servers made through the running host, launched, and waited for, as the e2e tests
// of sessions need them (the GPU is the 48 GB card of emulatorEnv's nvidia-smi double, set with GPUS).
import type { EngineStatus } from '../../../electron/shared/engine';
import type { ModelProfile } from '../../../electron/shared/profiles';
import { emulatedDraft } from '../../support/engine-harness';
import type { HostClient } from '../../support/host-client';

/** One NVIDIA RTX A6000 (48 GB), for NVIDIA_SMI_EMU_GPUS. */
export const GPUS = '[{"name":"NVIDIA RTX A6000","totalMiB":49140,"usedMiB":0}]';

export interface EmulatedModel {
  name: string;
  source: string;
  gpuMemoryUtilization: number;
  maxModelLen?: number;
}

export async function createProfiles(client: HostClient, models: readonly EmulatedModel[], pace: Record<string, string>): Promise<ModelProfile[]> {
  const profiles: ModelProfile[] = [];
  for (const { name, source, gpuMemoryUtilization, maxModelLen } of models) {
    profiles.push(await client.call<ModelProfile>('profiles.create', { draft: emulatedDraft(source, pace, { name, gpuMemoryUtilization, ...(maxModelLen && { maxModelLen }) }) }));
  }
  return profiles;
}

/** Launches every profile and waits for each to be ready; resolves with their ports, in order. */
export async function launchAll(client: HostClient, profiles: readonly ModelProfile[]): Promise<number[]> {
  for (const profile of profiles) await client.call('engines.launch', { profileId: profile.id, force: true });
  const ports: number[] = [];
  for (const profile of profiles) {
    const ready = (await client.waitForEvent((event, payload) => event === 'engines.status' && (payload as EngineStatus).profileId === profile.id && (payload as EngineStatus).state === 'ready', 30_000)) as EngineStatus;
    ports.push(ready.port!);
  }
  return ports;
}
