import type { Handlers } from '../../shared/contract';
import type { SystemCheck, VllmInstallation } from '../../shared/system';
import { scanHfCache } from '../models/hf-cache';
import { probeGpus } from '../engines/gpu/nvidia-smi';
import { checkVllmInstallation } from './vllm-installation';

/** The Models view's system check: vLLM, GPUs, the HF cache. The slow vLLM version is cached until refresh. */
export function systemHandlers(env: NodeJS.ProcessEnv): Pick<Handlers, 'system.check'> {
  let vllm: Promise<VllmInstallation> | null = null;
  return {
    'system.check': async ({ refresh }): Promise<SystemCheck> => {
      if (!vllm || refresh) vllm = checkVllmInstallation(env);
      const [installation, gpus, hfCache] = await Promise.all([vllm, probeGpus({ env }), scanHfCache({ env })]);
      return { vllm: installation, gpus, hfCache };
    },
  };
}
