import { useMemo, useState } from 'react';
import { isActiveState } from '../../../../electron/shared/engine';
import type { ProfileChange } from '../../../../electron/shared/gpu';
import type { ModelProfile, ProfileDraft } from '../../../../electron/shared/profiles';
import { newVllmDraft } from '../../../../electron/shared/profile-defaults';
import { EngineCard } from './EngineCard';
import { errorMessage } from './format';
import { MemoryPlanPanel } from './MemoryPlanPanel';
import { ModelsToolbar } from './ModelsToolbar';
import { OrphanBanner } from './OrphanBanner';
import { draftWithChange } from './plan-draft';
import { planTargets } from './plan-selection';
import { ProfileForm } from './ProfileForm';
import { ProfileList, statusOf } from './ProfileList';
import { blankValues, valuesFromDraft, type FormValues } from './profile-form-values';
import { SystemCheckPanel } from './SystemCheckPanel';
import { useAutoExpand } from './use-auto-expand';
import { useEngineActions } from './use-engine-actions';
import { useEngineStatuses } from './use-engines';
import { useMemoryPlan } from './use-memory-plan';
import { draftOf, useProfiles } from './use-profiles';
import { useSystemCheck } from './use-system-check';
import './models.css';

interface OpenForm {
  title: string;
  submitLabel: string;
  initial: FormValues;
  save(draft: ProfileDraft): Promise<unknown>;
}

/** Profiles and their servers: create and edit, launch and watch them load, read logs, and see why one failed. */
export function ModelsView() {
  const profilesState = useProfiles();
  const { statuses, loadError: statusError } = useEngineStatuses();
  const system = useSystemCheck();
  const actions = useEngineActions();
  const [form, setForm] = useState<OpenForm | null>(null);
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const profiles = useMemo(() => profilesState.profiles ?? [], [profilesState.profiles]);
  const { expanded, setExpanded } = useAutoExpand(statuses);

  const toggle = (set: ReadonlySet<string>, id: string, on = !set.has(id)) => {
    const next = new Set(set);
    if (on) next.add(id);
    else next.delete(id);
    return next;
  };

  const targets = planTargets(profiles, ticked);
  const plan = useMemoryPlan(
    targets.map((p) => p.id),
    targets.map((p) => `${p.updatedAt}:${statusOf(statuses, p.id).state}`).join('|'),
  );
  const runningIds = new Set(profiles.filter((p) => isActiveState(statusOf(statuses, p.id).state)).map((p) => p.id));

  const openCreate = (title: string, initial: FormValues) =>
    setForm({ title, submitLabel: 'Create profile', initial, save: (draft) => profilesState.create(draft) });
  const openEdit = (profile: ModelProfile) =>
    setForm({
      title: runningIds.has(profile.id) ? `Edit ${profile.name} (changes apply at its next launch)` : `Edit ${profile.name}`,
      submitLabel: 'Save changes',
      initial: valuesFromDraft(draftOf(profile)),
      save: (draft) => profilesState.update(profile.id, draft),
    });
  const deleteProfile = async (profile: ModelProfile): Promise<string | null> => {
    try {
      await profilesState.remove(profile.id);
      setTicked((set) => toggle(set, profile.id, false));
      setExpanded((set) => toggle(set, profile.id, false));
      return null;
    } catch (error) {
      return errorMessage(error);
    }
  };
  const launch = (id: string, force = false) => {
    setExpanded((set) => toggle(set, id, true));
    void actions.launch(id, force);
  };
  // One profile's part of the memory plan's proposal, on top of the profile as it is now.
  const applyPlanChange = async (change: ProfileChange) => {
    const profile = profiles.find((p) => p.id === change.profileId);
    if (profile?.engine !== 'vllm') throw new Error('the profile no longer exists');
    await profilesState.update(profile.id, draftWithChange(profile, change));
  };

  const cachedModels = system.check?.hfCache.models ?? [];
  const shownCards = profiles.filter((p) => expanded.has(p.id));
  return (
    <section className="view models" aria-labelledby="view-title">
      <h1 id="view-title">Models</h1>
      <OrphanBanner />
      <SystemCheckPanel state={system} />
      <ModelsToolbar
        cachedModels={cachedModels}
        onNew={(engine) => openCreate(engine === 'vllm' ? 'New vLLM profile' : 'New endpoint profile', blankValues(engine))}
        onFromDraft={(draft) => openCreate(`New profile from ${draft.name}`, valuesFromDraft(draft))}
        onFromCache={(id) => openCreate(`New profile for ${id}`, valuesFromDraft(newVllmDraft(id)))}
      />
      {(profilesState.loadError || statusError) && (
        <p role="alert" className="error-text">
          Could not load {profilesState.loadError ? `the profiles: ${profilesState.loadError}` : `the servers' states: ${statusError}`}
        </p>
      )}
      {profilesState.profiles === null && !profilesState.loadError ? (
        <p className="muted">Loading profiles…</p>
      ) : (
        <ProfileList
          profiles={profiles}
          statuses={statuses}
          pending={actions.pending}
          planIds={ticked}
          expandedIds={expanded}
          onTogglePlan={(id) => setTicked((set) => toggle(set, id))}
          onToggleDetails={(id) => setExpanded((set) => toggle(set, id))}
          onLaunch={(id) => launch(id)}
          onStop={(id) => void actions.stop(id)}
          onRestart={(id) => {
            setExpanded((set) => toggle(set, id, true));
            void actions.restart(id);
          }}
          onEdit={openEdit}
          onDelete={deleteProfile}
        />
      )}
      {targets.length >= 2 ? (
        <MemoryPlanPanel names={targets.map((p) => p.name)} state={plan} automatic={ticked.size === 0} runningIds={runningIds} onApplyChange={applyPlanChange} />
      ) : (
        ticked.size === 1 && <p className="muted">Tick another vLLM profile to see whether both fit on the GPU together.</p>
      )}
      <div className="engine-cards">
        {shownCards.map((profile) => (
          <EngineCard
            key={profile.id}
            profile={profile}
            status={statusOf(statuses, profile.id)}
            problem={actions.problems[profile.id]}
            onLaunchAnyway={() => launch(profile.id, true)}
            onDismissProblem={() => actions.dismissProblem(profile.id)}
            onHide={() => setExpanded((set) => toggle(set, profile.id, false))}
          />
        ))}
      </div>
      {form && (
        <ProfileForm
          title={form.title}
          submitLabel={form.submitLabel}
          initial={form.initial}
          cachedModels={cachedModels}
          gpuProbe={system.check?.gpus ?? null}
          onSave={form.save}
          onClose={() => setForm(null)}
        />
      )}
    </section>
  );
}
