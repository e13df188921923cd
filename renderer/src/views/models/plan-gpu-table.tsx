import type { GpuBudget, PlannedServer } from '../../../../electron/shared/gpu';
import { formatMiB, formatUtilization } from './format';

type GpuVerdict = 'fits' | 'overflow' | 'unknown';

const FITS_WORDS: Record<GpuVerdict, string> = { fits: '✓ fits', overflow: '✕ does not fit', unknown: '⚠ can\'t tell' };
const FITS_CLASS: Record<GpuVerdict, string> = { fits: 'ok-text', overflow: 'error-text', unknown: 'warning-text' };

/** What each GPU has, what the servers ask of it, and what they hold once ready (contexts and graphs included). */
export function PlanGpuTable({ gpus, servers }: { gpus: GpuBudget[]; servers: PlannedServer[] }) {
  if (gpus.length === 0) return null;
  return (
    <>
      <table className="plan-table">
        <caption className="visually-hidden">Memory per GPU</caption>
        <thead>
          <tr>
            <th scope="col">GPU</th>
            <th scope="col">Total</th>
            <th scope="col">Used by others</th>
            <th scope="col">Requested</th>
            <th scope="col">Held when ready</th>
            <th scope="col">Fits</th>
          </tr>
        </thead>
        <tbody>
          {gpus.map((gpu) => (
            <GpuRow key={gpu.index} gpu={gpu} servers={serversOn(gpu, servers)} />
          ))}
        </tbody>
      </table>
      <p className="muted plan-footnote">
        Requested is gpu-memory-utilization × the GPU. Held when ready adds each server&apos;s CUDA context and CUDA graphs, which vLLM takes outside that share.
      </p>
    </>
  );
}

/** The servers the planner placed on this GPU (it resolves tensor parallelism and empty GPU lists). */
function serversOn(gpu: GpuBudget, servers: PlannedServer[]): PlannedServer[] {
  return servers.filter((s) => gpu.profileIds.includes(s.profileId));
}

/** The GPU's own verdict from the planner: can't tell is a warning, never a check mark. */
function gpuVerdict(gpu: GpuBudget): GpuVerdict {
  return gpu.verdict === 'does-not-fit' ? 'overflow' : gpu.verdict;
}

function GpuRow({ gpu, servers }: { gpu: GpuBudget; servers: PlannedServer[] }) {
  const verdict = gpuVerdict(gpu);
  const shares = servers.map((s) => formatUtilization(s.requestedUtilization)).join(' + ');
  return (
    <tr>
      <th scope="row">
        GPU {gpu.index} · {gpu.name}
        <GpuBar gpu={gpu} verdict={verdict} />
      </th>
      <td>{formatMiB(gpu.totalMiB)}</td>
      <td>{formatMiB(gpu.usedByOthersMiB)}</td>
      <td>
        {formatMiB(gpu.requestedMiB)}
        {shares && <span className="muted"> ({shares})</span>}
      </td>
      <td>{formatMiB(gpu.footprintMiB)}</td>
      <td className={FITS_CLASS[verdict]}>{FITS_WORDS[verdict]}</td>
    </tr>
  );
}

/** Others, the requested shares, then contexts and graphs, as parts of the whole GPU. */
function GpuBar({ gpu, verdict }: { gpu: GpuBudget; verdict: GpuVerdict }) {
  const percent = (mib: number): number => (gpu.totalMiB > 0 ? (Math.max(0, mib) / gpu.totalMiB) * 100 : 0);
  const others = Math.min(100, percent(gpu.usedByOthersMiB));
  const requested = Math.min(100 - others, percent(gpu.requestedMiB));
  const overheads = Math.min(100 - others - requested, percent(gpu.footprintMiB - gpu.requestedMiB));
  return (
    // Widths go through the CSSOM (React's style prop), which the CSP allows; style attributes in HTML it does not.
    <div className="plan-bar" aria-hidden="true">
      <span className="plan-bar-others" style={{ width: `${others}%` }} />
      <span className={`plan-bar-requested ${verdict}`} style={{ width: `${requested}%` }} />
      <span className={`plan-bar-overheads ${verdict}`} style={{ width: `${overheads}%` }} />
    </div>
  );
}
