// How a profile's model is named to a person once it may be named (a reveal, History, exports): one definition,
// used by Compare's own reveals and by sessions.
import type { ModelProfile } from '../../shared/profiles';
import { servedNameOf } from '../engines/launch-command';

export interface ModelIdentity {
  name: string;
  servedName: string;
  /** HF id or local path for a launched server, the base URL for an endpoint. */
  source: string;
}

export function modelIdentity(profile: ModelProfile): ModelIdentity {
  if (profile.engine === 'endpoint') return { name: profile.name, servedName: profile.servedName, source: profile.baseUrl };
  return { name: profile.name, servedName: servedNameOf(profile), source: profile.source };
}
