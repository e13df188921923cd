/**
 * The part of electron-store / conf Pairwise uses for its small JSON stores (settings, profiles): both are
 * the same engine (atomic writes), so the desktop app, the headless host and the tests share this code.
 */
export interface StoreBackend {
  readonly path: string;
  store: Record<string, unknown>;
}
export type StoreBackendFactory = (options: { cwd: string; name: string }) => StoreBackend;
