import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceError } from '../../shared/errors';
import { profileDraftSchema, type ModelProfile, type ProfileDraft } from '../../shared/profiles';
import type { NoticeCenter } from '../events/notice-center';
import { keepAside } from '../store/keep-aside';
import type { StoreBackend, StoreBackendFactory } from '../store/store-backend';

export interface ProfileStoreOptions {
  folder: string;
  createBackend: StoreBackendFactory;
  notices: NoticeCenter;
  now?: () => Date;
}

const FILE_NAME = 'profiles';

/**
 * Model profiles in profiles.json (electron-store / conf). Every write happens at once: a profile is a
 * deliberate act, not a keystroke. A damaged file is kept aside and reported; profiles that no longer
 * validate are left out of the list, reported by name, and kept in the copy.
 */
export class ProfileStore {
  private profiles: ModelProfile[];
  private readonly listeners = new Set<(profiles: ModelProfile[]) => void>();

  private constructor(
    private readonly backend: StoreBackend,
    initial: ModelProfile[],
    private readonly now: () => Date,
  ) {
    this.profiles = initial;
  }

  static open(options: ProfileStoreOptions): ProfileStore {
    const now = options.now ?? (() => new Date());
    const file = join(options.folder, `${FILE_NAME}.json`);
    const { profiles, rewrite } = loadProfiles(file, now(), options.notices);
    const store = new ProfileStore(options.createBackend({ cwd: options.folder, name: FILE_NAME }), profiles, now);
    if (rewrite) store.persist();
    return store;
  }

  list(): ModelProfile[] {
    return structuredClone(this.profiles);
  }

  get(id: string): ModelProfile | null {
    const profile = this.profiles.find((p) => p.id === id);
    return profile ? structuredClone(profile) : null;
  }

  require(id: string): ModelProfile {
    const profile = this.get(id);
    if (!profile) throw new ServiceError('not-found', `There is no model profile with id "${id}"; it may have been deleted.`);
    return profile;
  }

  create(draft: ProfileDraft): ModelProfile {
    const at = this.now().getTime();
    const profile = { ...draft, id: this.newId(draft.name), createdAt: at, updatedAt: at } as ModelProfile;
    this.commit([...this.profiles, profile]);
    return structuredClone(profile);
  }

  update(id: string, draft: ProfileDraft): ModelProfile {
    const existing = this.require(id);
    const profile = { ...draft, id, createdAt: existing.createdAt, updatedAt: this.now().getTime() } as ModelProfile;
    this.commit(this.profiles.map((p) => (p.id === id ? profile : p)));
    return structuredClone(profile);
  }

  delete(id: string): void {
    this.require(id);
    this.commit(this.profiles.filter((p) => p.id !== id));
  }

  onChange(listener: (profiles: ModelProfile[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private commit(next: ModelProfile[]): void {
    const previous = this.profiles;
    this.profiles = next;
    try {
      this.persist();
    } catch (error) {
      this.profiles = previous;
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new ServiceError('io-error', `Could not save profiles to ${this.backend.path} (${code}). Nothing was changed; free disk space or fix the folder's permissions and try again.`);
    }
    for (const listener of this.listeners) listener(this.list());
  }

  private persist(): void {
    this.backend.store = { version: 1, profiles: this.profiles };
  }

  /** Readable and stable (it names log files): a slug of the name plus a short random suffix. */
  private newId(name: string): string {
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'model';
    for (;;) {
      const id = `${slug}-${randomBytes(3).toString('hex')}`;
      if (!this.profiles.some((p) => p.id === id)) return id;
    }
  }
}

function loadProfiles(file: string, now: Date, notices: NoticeCenter): { profiles: ModelProfile[]; rewrite: boolean } {
  if (!existsSync(file)) return { profiles: [], rewrite: false };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const keptAs = keepAside(file, 'corrupt', now, 'move');
    notices.raise('warning', `Your model profiles file could not be read (${(error as Error).message}). It was kept as ${keptAs}; Pairwise started with no profiles. Copy them back from that file, or re-create them.`);
    return { profiles: [], rewrite: true };
  }
  const entries = (raw as { profiles?: unknown }).profiles;
  if (!Array.isArray(entries)) {
    const keptAs = keepAside(file, 'corrupt', now, 'move');
    notices.raise('warning', `Your model profiles file does not hold a profile list. It was kept as ${keptAs}; Pairwise started with no profiles.`);
    return { profiles: [], rewrite: true };
  }
  const valid: ModelProfile[] = [];
  const invalid: string[] = [];
  for (const entry of entries) {
    const parsed = profileDraftSchema.safeParse(withoutMeta(entry));
    const meta = entry as { id?: unknown; createdAt?: unknown; updatedAt?: unknown; name?: unknown };
    if (parsed.success && typeof meta.id === 'string' && typeof meta.createdAt === 'number' && typeof meta.updatedAt === 'number') {
      valid.push({ ...parsed.data, id: meta.id, createdAt: meta.createdAt, updatedAt: meta.updatedAt } as ModelProfile);
    } else {
      const reason = parsed.success ? 'missing id' : `${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`;
      invalid.push(`"${typeof meta.name === 'string' ? meta.name : '(unnamed)'}" (${reason})`);
    }
  }
  if (invalid.length === 0) return { profiles: valid, rewrite: false };
  const keptAs = keepAside(file, 'invalid', now, 'copy');
  notices.raise('warning', `Some model profiles are invalid and were left out: ${invalid.join('; ')}. The original file was kept as ${keptAs}.`);
  return { profiles: valid, rewrite: true };
}

function withoutMeta(entry: unknown): unknown {
  if (typeof entry !== 'object' || entry === null) return entry;
  const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = entry as Record<string, unknown>;
  return rest;
}
