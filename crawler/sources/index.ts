/**
 * The registry of sources, built from the folders of source files: this one
 * (one `<id>.yaml` per ministry) and, when configured, SOURCES_DIR (a folder
 * of one's own, same format). Every file is checked against the schema when
 * the registry loads; a bad one stops start-up naming the file, the field
 * and the value. Adding a ministry means adding one file (and checking it
 * with `npm run sources -- check ID`).
 */
import { normalizeItem } from '../normalize/index.js';
import type { ExtractRules, NormalizeOutcome, RawItem } from '../normalize/types.js';
import { SOURCES_FOLDER } from './json-schema.js';
import { type LoadedSource, loadSourceDirs } from './load.js';
import type { SourceDefinition } from './schema.js';

export { loadSourceFile, SourceFileError, validateSource } from './load.js';

let loaded: LoadedSource[] = loadSourceDirs([SOURCES_FOLDER]);
let byId = new Map(loaded.map((l) => [l.source.id, l]));

/** Every source, the project's own first, then those of SOURCES_DIR (a live binding). */
export let SOURCES: readonly SourceDefinition[] = loaded.map((l) => l.source);

/**
 * Adds the source files of another folder (SOURCES_DIR) to the registry.
 * Entry points call it once, after reading the configuration; calling it
 * again with the same folder changes nothing.
 */
export function useSourcesDir(dir: string | undefined): void {
  const dirs = dir ? [SOURCES_FOLDER, dir] : [SOURCES_FOLDER];
  loaded = loadSourceDirs(dirs);
  byId = new Map(loaded.map((l) => [l.source.id, l]));
  SOURCES = loaded.map((l) => l.source);
}

export function sourceById(id: string): SourceDefinition | undefined {
  return byId.get(id)?.source;
}

/** The file a source was read from. */
export function sourceFile(id: string): string | undefined {
  return byId.get(id)?.file;
}

/** The source's name in the locale, else English, else its id (sources imported from files may be unknown). */
export function sourceName(id: string, locale = 'en'): string {
  const source = byId.get(id)?.source;
  return source?.name[locale] ?? source?.name.en ?? id;
}

/**
 * How a source's items are read: its extract map, with its languages (for
 * `language: detect`). Items of a source without a file (imported under an
 * id of one's own) are read with the generic rules, times without a zone
 * taken as UTC: the only case with no time zone of its own.
 */
export function extractRulesOf(source: SourceDefinition): ExtractRules {
  return { ...source.extract, languages: source.languages };
}

export const IMPORTED_SOURCE_RULES: ExtractRules = { timeZone: 'UTC', language: 'listing' };

export function extractRulesFor(sourceId: string): ExtractRules {
  const source = sourceById(sourceId);
  return source ? extractRulesOf(source) : IMPORTED_SOURCE_RULES;
}

/** The normalizer of one source's items: normalizeItem with that source's rules. */
export function normalizerOf(source: SourceDefinition): (item: RawItem) => NormalizeOutcome {
  const rules = extractRulesOf(source);
  return (item) => normalizeItem(item, rules);
}

/**
 * An item normalized with the rules of the source it names: the registered
 * source's, or those of imported sources without a file.
 */
export function normalizeWithSource(item: RawItem): NormalizeOutcome {
  return normalizeItem(item, extractRulesFor(item.sourceId));
}

/** Who a source is, as listings of sources show it (GET /api/sources, `sources list --json`). */
export function sourceIdentity(source: SourceDefinition) {
  return {
    id: source.id,
    name: source.name.en,
    country: source.country,
    kind: source.kind,
    languages: source.languages,
    enabled: source.enabled,
  };
}
