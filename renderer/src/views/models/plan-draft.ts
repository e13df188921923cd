// A proposal's change to one profile, as the full draft profiles.update expects.
import type { ProfileChange } from '../../../../electron/shared/gpu';
import type { VllmProfile, VllmProfileDraft } from '../../../../electron/shared/profiles';
import { draftOf } from './use-profiles';

/** The profile as it is now, with only the fields the change names replaced (`quantization: null` clears it). */
export function draftWithChange(profile: VllmProfile, change: ProfileChange): VllmProfileDraft {
  const draft = { ...(draftOf(profile) as VllmProfileDraft) };
  if (change.gpuMemoryUtilization !== undefined) draft.gpuMemoryUtilization = change.gpuMemoryUtilization;
  if (change.maxModelLen !== undefined) draft.maxModelLen = change.maxModelLen;
  if (change.quantization !== undefined) draft.quantization = change.quantization;
  if (change.source !== undefined) draft.source = change.source;
  if (change.gpuIndices !== undefined) draft.gpuIndices = [...change.gpuIndices];
  return draft;
}
