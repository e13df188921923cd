// What an exporter reads of a session: an OpenSession offers it (session-types.ts), and tests build one from plain
// records. Exporters only read, so a session another process holds open for writing exports all the same.
import type { ModelIndex } from '../../shared/sessions';
import type { OpenSession } from '../sessions/session-types';
import { modelLabel } from '../sessions/session-models';

export type ExportSource = Pick<OpenSession, 'id' | 'header' | 'name' | 'settings' | 'records' | 'rated' | 'index'>;

/** A session's model as files name it: its profile's name when the session began (and its variant's label). */
export function modelName(source: Pick<ExportSource, 'header'>, model: ModelIndex): string {
  const known = source.header.models[model];
  if (!known) throw new Error(`session ${source.header.id} has no model ${model}`);
  return modelLabel(known);
}
