import type { Handlers } from '../../shared/contract';
import type { PromptSetStore } from './prompt-set-store';

type PromptSetChannels = 'promptSets.list' | 'promptSets.import' | 'promptSets.importSample' | 'promptSets.delete';

export interface PromptSetHandlerDeps {
  store: PromptSetStore;
}

export function promptSetHandlers({ store }: PromptSetHandlerDeps): Pick<Handlers, PromptSetChannels> {
  return {
    'promptSets.list': () => store.list(),
    'promptSets.import': (input) => store.import(input),
    'promptSets.importSample': () => store.importSample(),
    'promptSets.delete': ({ promptSetId }) => store.delete(promptSetId),
  };
}
