// A session's models as people know them: one rule for every place that names one (reveals, lists, history,
// statistics, exports), so a variant is never shown under its profile's bare name in one place and labelled in
// another.
import type { SessionModel } from '../../shared/sessions';

/** The profile's name, and in a variant session the variant's label: "Qwen3-4B · temperature 0.2". */
export function modelLabel(model: SessionModel): string {
  return model.variant ? `${model.name} · ${model.variant.label}` : model.name;
}

/** Every pair of a session's models (lower index first), in a fixed order: (0,1), (0,2), …, (1,2), … */
export function modelPairs(count: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let a = 0; a < count; a += 1) for (let b = a + 1; b < count; b += 1) pairs.push([a, b]);
  return pairs;
}
