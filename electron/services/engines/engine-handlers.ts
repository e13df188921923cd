import type { Handlers } from '../../shared/contract';
import type { EngineManager } from './engine-manager';

type EngineChannels = 'engines.list' | 'engines.launch' | 'engines.stop' | 'engines.restart' | 'engines.logs' | 'engines.memoryPlan' | 'engines.orphans' | 'engines.stopOrphans';

export function engineHandlers(engines: EngineManager): Pick<Handlers, EngineChannels> {
  return {
    'engines.list': async () => engines.list(),
    'engines.launch': async ({ profileId, force }) => engines.launch(profileId, force ?? false),
    'engines.stop': async ({ profileId }) => engines.stop(profileId),
    'engines.restart': async ({ profileId }) => engines.restart(profileId),
    'engines.logs': async ({ profileId, afterSeq, limit, query }) => {
      const log = engines.logsOf(profileId);
      const lines = query ? log.search(query, limit) : log.tail(afterSeq ?? 0, limit);
      return { lines, logFile: log.path };
    },
    'engines.memoryPlan': async ({ profileIds }) => engines.memoryPlan(profileIds),
    'engines.orphans': async () => engines.orphans(),
    'engines.stopOrphans': async ({ pgids }) => engines.stopOrphans(pgids),
  };
}
