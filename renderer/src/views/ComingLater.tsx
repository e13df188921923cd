import type { ViewId } from '../app/views';

const PLANS: Record<Exclude<ViewId, 'settings'>, { title: string; text: string }> = {
  models: { title: 'Models', text: 'Launching, watching and stopping vLLM servers (and connecting to running endpoints) comes in a later version.' },
  compare: { title: 'Compare', text: 'Sending one prompt to two models and reading both answers side by side comes in a later version.' },
  history: { title: 'History', text: 'Browsing past rating sessions comes in a later version.' },
  stats: { title: 'Stats', text: 'Win rates with confidence intervals, position bias and latency charts come in a later version.' },
};

export function ComingLater({ view }: { view: Exclude<ViewId, 'settings'> }) {
  const plan = PLANS[view];
  return (
    <section className="view" aria-labelledby="view-title">
      <h1 id="view-title">{plan.title}</h1>
      <p className="coming-later">Not available yet. {plan.text}</p>
    </section>
  );
}
