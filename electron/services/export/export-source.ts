// What an exporter reads of a session: an OpenSession offers it (session-types.ts), and tests build one from plain
// records. Exporters only read, so a session another process holds open for writing exports all the same.
import type { ModelIndex } from '../../shared/sessions';
import type { OpenSession } from '../sessions/session-types';

export type ExportSource = Pick<OpenSession, 'id' | 'header' | 'name' | 'settings' | 'records' | 'rated'>;

/** A session's model as files name it: its profile's name when the session began. */
export function modelName(source: Pick<ExportSource, 'header'>, model: ModelIndex): string {
  return source.header.models[model].name;
}
