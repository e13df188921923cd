import type { Handlers } from '../../shared/contract';
import { ServiceError } from '../../shared/errors';
import { profileDraftSchema, type ProfileDraft } from '../../shared/profiles';
import type { EngineManager } from '../engines/engine-manager';
import type { ProfileStore } from './profile-store';
import presets from '../../../resources/presets/models.json';

type ProfileChannels = 'profiles.list' | 'profiles.presets' | 'profiles.create' | 'profiles.update' | 'profiles.delete';

export function profileHandlers(profiles: ProfileStore, engines: EngineManager): Pick<Handlers, ProfileChannels> {
  // Shipped presets are validated like user input: a bad edit to the JSON must fail loudly here, not at launch.
  const presetDrafts: ProfileDraft[] = (presets as unknown[]).map((preset) => profileDraftSchema.parse(preset));
  return {
    'profiles.list': async () => profiles.list(),
    'profiles.presets': async () => structuredClone(presetDrafts),
    'profiles.create': async ({ draft }) => profiles.create(draft),
    'profiles.update': async ({ id, draft }) => profiles.update(id, draft),
    'profiles.delete': async ({ id }) => {
      if (engines.isActive(id)) throw new ServiceError('conflict', `Stop "${profiles.require(id).name}" before deleting its profile.`);
      profiles.delete(id);
      engines.forget(id);
      return { deleted: id };
    },
  };
}
