import type { EngineStatus } from '../../../../electron/shared/engine';
import { idleStatus } from '../../../../electron/shared/engine';
import type { ModelProfile } from '../../../../electron/shared/profiles';
import { ProfileRow } from './ProfileRow';
import type { StatusMap } from './use-engines';

export interface ProfileListProps {
  profiles: ModelProfile[];
  statuses: StatusMap;
  pending: ReadonlySet<string>;
  planIds: ReadonlySet<string>;
  expandedIds: ReadonlySet<string>;
  onTogglePlan(id: string): void;
  onToggleDetails(id: string): void;
  onLaunch(id: string): void;
  onStop(id: string): void;
  onRestart(id: string): void;
  onEdit(profile: ModelProfile): void;
  onDelete(profile: ModelProfile): Promise<string | null>;
}

/** Every profile with its server's state and the actions that apply to it now. */
export function ProfileList(props: ProfileListProps) {
  if (props.profiles.length === 0) {
    return <p className="empty-state">No model profiles yet. Start from a preset, from a model in your Hugging Face cache, or from scratch.</p>;
  }
  return (
    <table className="profile-table">
      <caption className="visually-hidden">Model profiles</caption>
      <thead>
        <tr>
          <th scope="col" className="col-check">
            <span title="Include in the GPU memory plan">Plan</span>
          </th>
          <th scope="col">Name</th>
          <th scope="col">Source</th>
          <th scope="col">Engine</th>
          <th scope="col">GPU · utilization</th>
          <th scope="col">State</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.profiles.map((profile) => (
          <ProfileRow
            key={profile.id}
            profile={profile}
            status={statusOf(props.statuses, profile.id)}
            busy={props.pending.has(profile.id)}
            inPlan={props.planIds.has(profile.id)}
            expanded={props.expandedIds.has(profile.id)}
            onTogglePlan={() => props.onTogglePlan(profile.id)}
            onToggleDetails={() => props.onToggleDetails(profile.id)}
            onLaunch={() => props.onLaunch(profile.id)}
            onStop={() => props.onStop(profile.id)}
            onRestart={() => props.onRestart(profile.id)}
            onEdit={() => props.onEdit(profile)}
            onDelete={() => props.onDelete(profile)}
          />
        ))}
      </tbody>
    </table>
  );
}

export function statusOf(statuses: StatusMap, profileId: string): EngineStatus {
  return statuses.get(profileId) ?? idleStatus(profileId);
}
