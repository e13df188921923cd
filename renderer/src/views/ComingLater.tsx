import type { ViewId } from '../app/views';

type PlannedView = Exclude<ViewId, 'settings' | 'models' | 'compare'>;

const PLANS: Record<PlannedView, { title: string; text: string }> = {
  history: { title: 'History', text: 'Browsing past rating sessions comes in a later version.' },
  stats: { title: 'Stats', text: 'Win rates with confidence intervals, position bias and latency charts come in a later version.' },
};

export function ComingLater({ view }: { view: PlannedView }) {
  const plan = PLANS[view];
  return (
    <section className="view" aria-labelledby="view-title">
      <h1 id="view-title">{plan.title}</h1>
      <p className="coming-later">Not available yet. {plan.text}</p>
    </section>
  );
}
