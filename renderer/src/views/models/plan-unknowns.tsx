import type { PlannedServer } from '../../../../electron/shared/gpu';

/**
 * What is not known about each server whose size is missing, and how to find out: the reason the plan says
 * "can't tell", so it stands out as a warning rather than hiding in the notes.
 */
export function PlanUnknowns({ servers }: { servers: PlannedServer[] }) {
  const unsure = servers.filter((server) => server.estimate.unknowns.length > 0);
  if (unsure.length === 0) return null;
  return (
    <div className="plan-unknowns" role="group" aria-label="What is not known">
      {unsure.map((server) => (
        <div key={server.profileId}>
          <strong>⚠ Not known about {server.name}:</strong>
          <ul>
            {server.estimate.unknowns.map((unknown) => (
              <li key={unknown}>{unknown}</li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

/**
 * The plan's messages without the ones that only repeat a server's unknowns (the planner words those as "Can't
 * tell for NAME: ... <the unknowns>"): PlanUnknowns already shows them, and the same paragraph twice reads as two
 * problems.
 */
export function messagesBesidesUnknowns(messages: string[], servers: PlannedServer[]): string[] {
  const repeats = (message: string): boolean =>
    servers.some((s) => s.estimate.unknowns.length > 0 && message.includes(s.name) && message.endsWith(s.estimate.unknowns.join(' ')));
  return messages.filter((message) => !repeats(message));
}
