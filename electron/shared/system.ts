import type { GpuProbe, HfCacheScan } from './gpu';

export interface VllmInstallation {
  found: boolean;
  path: string | null;
  /** From `vllm --version`; null when it could not be run. */
  version: string | null;
  /** Why the version is unknown, in words. */
  problem: string | null;
}

/** What the Models view shows before anything is launched. */
export interface SystemCheck {
  vllm: VllmInstallation;
  gpus: GpuProbe;
  hfCache: HfCacheScan;
}

/** A server an earlier Pairwise started and left running (the app was killed): offered for stopping. */
export interface OrphanServer {
  pgid: number;
  profileId: string;
  profileName: string;
  port: number;
  startedAt: number;
  argv: string[];
}
