import { useId, type ReactNode } from 'react';

/** A titled region of the Stats view: its heading names it for assistive technology. */
export function Panel({ title, children, className, testId }: { title: string; children: ReactNode; className?: string; testId?: string }) {
  const id = useId();
  return (
    <section className={`stats-panel ${className ?? ''}`} aria-labelledby={id} data-testid={testId}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
