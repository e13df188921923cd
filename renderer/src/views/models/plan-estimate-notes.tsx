import type { PlannedServer } from '../../../../electron/shared/gpu';

/** Each server's assumptions, folded: the figures above are only as good as these. */
export function PlanEstimateNotes({ servers }: { servers: PlannedServer[] }) {
  return (
    <ul className="plain-list plan-notes-list">
      {servers.map((server) => (
        <li key={server.profileId}>
          <details className="plan-notes">
            <summary>
              How this was estimated: <span className="plan-notes-name">{server.name}</span>
            </summary>
            <ul>
              <li>Sizes from {server.estimate.sourceLabel}</li>
              {server.estimate.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          </details>
        </li>
      ))}
    </ul>
  );
}
