import { useMemo, useState } from 'react';
import type { EngineState } from '../../../../electron/shared/engine';
import type { Side } from '../../../../electron/shared/sides';
import { useEngineStatuses } from '../models/use-engines';
import { useProfiles } from '../models/use-profiles';

export interface ModelOption {
  profileId: string;
  name: string;
  state: EngineState;
}

export interface ModelChoice {
  /** Every profile with its server's state (only ready ones can be picked). null while loading. */
  options: ModelOption[] | null;
  ready: ModelOption[];
  /** The person's picks, or the first two ready models until they pick. */
  chosen: Record<Side, string | null>;
  /** Both picked and both ready. */
  usable: boolean;
  loadError: string | null;
  choose(side: Side, profileId: string): void;
  swap(): void;
  /** Makes the proposed pair a real pick (on send), so a model becoming ready later cannot displace it. */
  pin(): void;
}

/**
 * Which two models the next turn goes to. Until the person picks, the first two ready profiles are proposed;
 * a picked model that stops being ready stays picked (and is shown as not ready) rather than being silently
 * replaced by another.
 */
export function useModelChoice(): ModelChoice {
  const { profiles, loadError: profileError } = useProfiles();
  const { statuses, loadError: statusError } = useEngineStatuses();
  const [picked, setPicked] = useState<Record<Side, string | null>>({ left: null, right: null });

  const options = useMemo(
    () => profiles?.map((profile) => ({ profileId: profile.id, name: profile.name, state: statuses.get(profile.id)?.state ?? 'stopped' })) ?? null,
    [profiles, statuses],
  );
  const ready = useMemo(() => options?.filter((option) => option.state === 'ready') ?? [], [options]);
  const exists = (id: string | null) => id !== null && !!options?.some((option) => option.profileId === id);

  const left = exists(picked.left) ? picked.left : (ready.find((o) => o.profileId !== picked.right)?.profileId ?? null);
  const right = exists(picked.right) ? picked.right : (ready.find((o) => o.profileId !== left)?.profileId ?? null);
  const isReady = (id: string | null) => ready.some((option) => option.profileId === id);

  const usable = isReady(left) && isReady(right);
  const loadError = profileError ?? statusError;
  // One object per change of its content: the picker below is memoised on it (the view re-renders every frame
  // while answers stream).
  return useMemo(
    () => ({
      options,
      ready,
      chosen: { left, right },
      usable,
      loadError,
      choose: (side: Side, profileId: string) => setPicked({ left, right, [side]: profileId }),
      swap: () => setPicked({ left: right, right: left }),
      pin: () => setPicked({ left, right }),
    }),
    [options, ready, left, right, usable, loadError],
  );
}
