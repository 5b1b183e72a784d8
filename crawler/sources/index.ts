/**
 * The registry of sources: one file per source in this folder, each checked
 * against the schema when the registry loads. Adding a ministry means adding
 * one file here (plus its replica fixture and test).
 */
import { formatZodIssues } from '../../src/util/zod-errors.js';
import cnMfa from './cn-mfa.js';
import kzMfa from './kz-mfa.js';
import { type SourceDefinition, sourceSchema } from './schema.js';
import usState from './us-state.js';

/** Checks a source definition; a bad one fails naming the file, the field and the value. */
export function validateSource(definition: unknown, file: string): SourceDefinition {
  const parsed = sourceSchema.safeParse(definition);
  if (!parsed.success) {
    throw new Error(
      `Invalid source file crawler/sources/${file}:\n${formatZodIssues(parsed.error, definition)}`,
    );
  }
  return parsed.data;
}

export const SOURCES: readonly SourceDefinition[] = [
  validateSource(kzMfa, 'kz-mfa.ts'),
  validateSource(cnMfa, 'cn-mfa.ts'),
  validateSource(usState, 'us-state.ts'),
];

const byId = new Map(SOURCES.map((s) => [s.id, s]));

export function sourceById(id: string): SourceDefinition | undefined {
  return byId.get(id);
}

/** The source's name in the locale, else English, else its id (sources imported from files may be unknown). */
export function sourceName(id: string, locale = 'en'): string {
  const source = byId.get(id);
  return source?.name[locale] ?? source?.name.en ?? id;
}
