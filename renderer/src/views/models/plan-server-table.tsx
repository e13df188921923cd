import type { PlannedServer, SizeSource } from '../../../../electron/shared/gpu';
import { formatBytes, formatCount, formatUtilization } from './format';

/** Where the sizes came from, short enough for a table cell; the full sentence is the cell's tooltip. */
const SOURCE_SHORT: Record<SizeSource, string> = {
  'hf-cache': 'HF cache',
  'local-folder': 'local folder',
  'shipped-facts': 'shipped facts',
  name: 'name only',
  none: 'unknown',
};

const UNKNOWN = 'unknown';

/**
 * What each server needs inside its gpu-memory-utilization budget and what the budget gives it, per GPU (tensor
 * parallelism splits weights and KV cache). An unknown size reads "unknown", never 0: a 0 would look like room.
 */
export function PlanServerTable({ servers }: { servers: PlannedServer[] }) {
  return (
    <table className="plan-table">
      <caption className="visually-hidden">Memory per server</caption>
      <thead>
        <tr>
          <th scope="col">Server</th>
          <th scope="col">Weights</th>
          <th scope="col">KV cache (one max-length sequence)</th>
          <th scope="col">Activations</th>
          <th scope="col">Needs</th>
          <th scope="col">Gets</th>
          <th scope="col">Sizes from</th>
        </tr>
      </thead>
      <tbody>
        {servers.map((server) => (
          <ServerRow key={server.profileId} server={server} />
        ))}
      </tbody>
    </table>
  );
}

function ServerRow({ server }: { server: PlannedServer }) {
  const { estimate } = server;
  const tp = Math.max(1, server.tensorParallelSize);
  const perGpu = (bytes: number | null): number | null => (bytes === null ? null : bytes / tp);
  // A size read off the name is a guess: say so where the number is.
  const approx = estimate.source === 'name' ? '≈ ' : '';
  return (
    <tr>
      <th scope="row">
        {server.name}
        {tp > 1 && <div className="muted plan-cell-note">TP {tp}: per GPU</div>}
      </th>
      <td>{sizeOrUnknown(perGpu(estimate.weightsBytes), approx)}</td>
      <td>
        {sizeOrUnknown(estimate.kvBytesPerGpu)}
        <div className="muted plan-cell-note">{estimate.maxModelLen === null ? 'max-model-len unknown' : `${formatCount(estimate.maxModelLen)} tokens`}</div>
      </td>
      <td>up to {formatBytes(estimate.activationBytes)}</td>
      <td>{sizeOrUnknown(estimate.budgetNeedBytes, approx)}</td>
      <GetsCell server={server} />
      <td title={estimate.sourceLabel}>{SOURCE_SHORT[estimate.source]}</td>
    </tr>
  );
}

/** The budget, marked when it is short of the need, with the KV cache room it leaves. */
function GetsCell({ server }: { server: PlannedServer }) {
  const { budgetBytes, kvTokens, concurrency, estimate } = server;
  const need = estimate.budgetNeedBytes;
  const short = budgetBytes !== null && need !== null && need > budgetBytes ? need - budgetBytes : null;
  return (
    <td className={short !== null ? 'error-text' : undefined}>
      {budgetBytes === null ? UNKNOWN : formatBytes(budgetBytes)} <span className="muted">({formatUtilization(server.requestedUtilization)})</span>
      {short !== null && <div className="plan-cell-note">✕ {formatBytes(short)} short</div>}
      {short === null && kvTokens !== null && concurrency !== null && (
        <div className="muted plan-cell-note">
          KV room {formatCount(kvTokens)} tokens ({concurrency.toFixed(1)} sequences)
        </div>
      )}
    </td>
  );
}

function sizeOrUnknown(bytes: number | null, prefix = ''): string {
  return bytes === null ? UNKNOWN : `${prefix}${formatBytes(bytes)}`;
}
