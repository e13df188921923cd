// Byte units as vLLM and nvidia-smi use them (binary: GiB = 2^30, nvidia-smi's MiB = 2^20), and the one way
// figures are written in messages.

export const MiB = 1024 ** 2;
export const GiB = 1024 ** 3;

/** "17.9 GiB": one decimal, as vLLM's own log lines print memory. */
export function formatGiB(bytes: number): string {
  return `${(bytes / GiB).toFixed(1)} GiB`;
}

export function formatMiBAsGiB(mib: number): string {
  return formatGiB(mib * MiB);
}

/** "262,144": token counts as the plan writes them. */
export const formatTokens = (n: number): string => n.toLocaleString('en-US');

/** "a, b and c". */
export function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
