// Paths as people type them into the app, judged by their text alone (without node:path, so this stays pure
// and the renderer can use it): POSIX and Windows forms alike, since a profile or settings file may travel.

/** Absolute on POSIX (`/x`) or Windows (`C:\x`, `C:/x`, `\\server\share`). */
export function isAbsolutePath(value: string): boolean {
  return /^\//.test(value) || /^[A-Za-z]:[\\/]/.test(value) || /^\\\\[^\\]+\\/.test(value);
}

/**
 * Whether a model source names a folder on disk rather than a Hugging Face id (`gpt2`, `Qwen/Qwen2-7B-Instruct`).
 * Hub ids never start with `.`, `~` or `\` and are never absolute, so those mark a path: `/x`, `C:\x`, `./x`,
 * `..\x`, `~/x` (the services expand `~` themselves: see services/models/home-folder.ts). A relative path without
 * `./` (`models/x`) cannot be told from a hub id by its text, so it counts as one (vLLM would look on disk first):
 * a folder there is written `./models/x`.
 */
export function isLocalModelSource(source: string): boolean {
  return isAbsolutePath(source) || /^[.~\\]/.test(source);
}
