// tqdm bars as vLLM and huggingface_hub print them. Two shapes:
//   vLLM's weight loaders (a plain format with a newline, safe under its line prefixes):
//     `Loading safetensors checkpoint shards:  50% Completed | 2/4 [00:01<00:01,  1.89s/it]`
//   tqdm's default, redrawn with `\r`:
//     `Capturing CUDA graphs (mixed prefill-decode, PIECEWISE):  45%|████▍     | 30/67 [00:02<00:02, 13.1it/s]`
//     `model-00001-of-00004.safetensors:  45%|████▌     | 1.79G/3.96G [00:10<00:12, 180MB/s]`

export interface ProgressBar {
  /** The label before the colon. */
  desc: string;
  /** 0..1, from the printed percentage. */
  fraction: number;
  /** The counts as printed (`2`, `1.79G`). */
  done: string;
  total: string;
}

// The label holds no colon and the bar holds no `|`, so nothing here can backtrack far.
const BAR = /^([^:\r\n]{1,300}):\s{0,8}(\d{1,3})%(?: Completed \| |\|[^|]{0,400}\| ?)([\d.]{1,20}[a-zA-Z]{0,3})\/([\d.]{1,20}[a-zA-Z]{0,3})/;

export function parseProgressBar(message: string): ProgressBar | null {
  const bar = BAR.exec(message.trimStart());
  if (!bar) return null;
  const percent = Math.min(100, Number(bar[2]));
  return { desc: (bar[1] ?? '').trim(), fraction: percent / 100, done: bar[3] ?? '', total: bar[4] ?? '' };
}

/** Whole counts (`2/4`, `30/67`), or null for sizes such as `1.79G/3.96G`. */
export function countsOf(bar: ProgressBar): { done: number; total: number } | null {
  if (!/^\d+$/.test(bar.done) || !/^\d+$/.test(bar.total)) return null;
  return { done: Number(bar.done), total: Number(bar.total) };
}
