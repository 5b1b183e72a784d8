/**
 * The JSON Schema of source files, generated from the zod schema that
 * validates them (so the two cannot drift apart: a test compares the
 * committed file with a fresh one). Editors read it through the
 * `# yaml-language-server: $schema=./source.schema.json` line of each YAML
 * file, or the `$schema` key of a JSON one, to complete and check fields.
 * Rules that span fields (a start URL per language, paging needs "first" …)
 * are not expressible in it; the registry still checks them.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { sourceSchema } from './schema.js';

export const SOURCES_FOLDER = path.dirname(fileURLToPath(import.meta.url));
export const JSON_SCHEMA_FILE = path.join(SOURCES_FOLDER, 'source.schema.json');

export function sourceJsonSchemaText(): string {
  const schema = z.toJSONSchema(sourceSchema, { io: 'input', unrepresentable: 'any' });
  const document = {
    $schema: schema.$schema,
    $id: 'https://press-release-search.example/schemas/source.schema.json',
    title: 'Press-release search: one ministry (a source file in crawler/sources/)',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
