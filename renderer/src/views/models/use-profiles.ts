import { useCallback, useEffect, useState } from 'react';
import type { ModelProfile, ProfileDraft } from '../../../../electron/shared/profiles';
import { useApi } from '../../api/api-context';
import { errorMessage } from './format';

export interface ProfilesState {
  /** null until the first list arrives. */
  profiles: ModelProfile[] | null;
  loadError: string | null;
  create(draft: ProfileDraft): Promise<ModelProfile>;
  update(id: string, draft: ProfileDraft): Promise<ModelProfile>;
  remove(id: string): Promise<void>;
}

/**
 * The profile list: fetched once, then kept current by `profiles.changed` (which also reports edits made in
 * another window). An event that arrives before the first reply wins: it is the newer list.
 */
export function useProfiles(): ProfilesState {
  const api = useApi();
  const [profiles, setProfiles] = useState<ModelProfile[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let heardEvent = false;
    const off = api.on('profiles.changed', (list) => {
      heardEvent = true;
      setProfiles(list);
    });
    api['profiles.list']({}).then(
      (list) => !heardEvent && setProfiles(list),
      (error: unknown) => setLoadError(errorMessage(error)),
    );
    return off;
  }, [api]);

  const create = useCallback((draft: ProfileDraft) => api['profiles.create']({ draft }), [api]);
  const update = useCallback((id: string, draft: ProfileDraft) => api['profiles.update']({ id, draft }), [api]);
  const remove = useCallback(async (id: string) => void (await api['profiles.delete']({ id })), [api]);
  return { profiles, loadError, create, update, remove };
}

/** A stored profile as the draft that would recreate it (what profiles.update expects). */
export function draftOf(profile: ModelProfile): ProfileDraft {
  const { id: _id, createdAt: _created, updatedAt: _updated, ...draft } = profile;
  return draft as ProfileDraft;
}
