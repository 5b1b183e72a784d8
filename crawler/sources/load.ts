/**
 * Source files → validated source definitions. A folder holds one file per
 * ministry, `<id>.yaml` (or `.yml`, `.json`); each is parsed and checked
 * against the schema, and a bad one fails naming the file, the field and the
 * value. Several folders (the project's own, then SOURCES_DIR) make one
 * registry; an id declared twice is an error naming both files.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { formatZodIssues } from '../../src/util/zod-errors.js';
import { type SourceDefinition, sourceSchema } from './schema.js';

export const SOURCE_FILE = /\.(ya?ml|json)$/;

export class SourceFileError extends Error {
  readonly code = 'INVALID_SOURCE_FILE';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`Invalid source file ${file}:\n${message}`);
  }
}

export interface LoadedSource {
  source: SourceDefinition;
  /** Where it was read from. */
  file: string;
}

/** Checks a source definition against the schema; a bad one fails naming the field and the value. */
export function validateSource(definition: unknown, file: string): SourceDefinition {
  const parsed = sourceSchema.safeParse(definition);
  if (!parsed.success) throw new SourceFileError(file, formatZodIssues(parsed.error, definition));
  return parsed.data;
}

export function parseSourceText(text: string, file: string): unknown {
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const where =
      error instanceof YAMLParseError && error.linePos
        ? ` (line ${error.linePos[0].line}, column ${error.linePos[0].col})`
        : '';
    throw new SourceFileError(
      file,
      `- not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}${where}: ${(error as Error).message.split('\n')[0]}`,
    );
  }
}

/** Reads, parses and checks one source file, whose id must be its name. */
export function loadSourceFile(file: string): SourceDefinition {
  const source = validateSource(parseSourceText(readFileSync(file, 'utf8'), file), file);
  const expected = path.basename(file).replace(SOURCE_FILE, '');
  if (source.id !== expected) {
    throw new SourceFileError(
      file,
      `- id = "${source.id}": must be the file's name, "${expected}"`,
    );
  }
  return source;
}

/** The source files of one folder, sorted by name; the JSON Schema beside them is not one. */
export function sourceFilesIn(dir: string): string[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
    names = readdirSync(dir);
  } catch (error) {
    throw new SourceFileError(dir, `- cannot read the folder: ${(error as Error).message}`);
  }
  return names
    .filter((name) => SOURCE_FILE.test(name) && !name.endsWith('.schema.json'))
    .sort()
    .map((name) => path.join(dir, name));
}

/** Every source of the folders, in order; the same id twice is an error. */
export function loadSourceDirs(dirs: readonly string[]): LoadedSource[] {
  const loaded: LoadedSource[] = [];
  const byId = new Map<string, string>();
  for (const dir of dirs) {
    for (const file of sourceFilesIn(dir)) {
      const source = loadSourceFile(file);
      const earlier = byId.get(source.id);
      if (earlier) {
        throw new SourceFileError(file, `- id = "${source.id}": already declared by ${earlier}`);
      }
      byId.set(source.id, file);
      loaded.push({ source, file });
    }
  }
  return loaded;
}
