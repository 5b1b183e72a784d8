/**
 * Import of releases from files, through the archive like a crawl: each good
 * line becomes a raw item (format "record", with its source), then the one
 * pipeline normalizes pending items into releases (near-duplicates and
 * translations grouped there), and the releases the index lacks are indexed.
 * So `npm run normalize` can rebuild imported releases, and importing the
 * same file twice changes nothing.
 *
 * A file is JSON lines (one release a line, shaped like
 * ../shared/corpus/state-dept/releases.jsonl) or, ending in .txt, one
 * plain-text release whose first line is its title. Each bad line is
 * reported with its number, a stable code and the reason; the rest goes on.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import type { Meilisearch } from 'meilisearch';
import { z } from 'zod';
import { parseGivenDate } from '../../crawler/normalize/dates.js';
import type { ImportRecord } from '../../crawler/normalize/record.js';
import { normalizeWithSource } from '../../crawler/sources/index.js';
import type { Archive } from '../archive/archive.js';
import type { ItemRecord } from '../archive/items.js';
import { canonicalizeUrl, sha256Hex } from '../domain/ids.js';
import { langSchema, type PressRelease, sourceIdSchema } from '../domain/release.js';
import { emptySync, type SyncReport, syncArchiveToIndex } from '../indexing/sync.js';
import { type Logger, silentLogger } from '../log.js';
import { describeValue, fieldProblems } from '../util/zod-errors.js';
import { type NormalizeCounts, normalizeBatch } from './pipeline.js';

/** One line of an import file. Fields other than these (id, categories, …) are ignored. */
export const importLineSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    /** Null or missing: the normalizer derives a title from the text. */
    title: z.string().nullish(),
    html: z.string().optional(),
    text: z.string().optional(),
    /** ISO 8601 or a written date with a year; null or missing: no date (DATE_UNKNOWN). */
    published: z.string().nullish(),
    lang: langSchema.optional(),
    source: sourceIdSchema.optional(),
    creator: z.string().optional(),
  })
  .refine((line) => line.html !== undefined || line.text !== undefined, {
    message: 'needs "html" or "text"',
    path: ['html'],
  });

export type ImportLine = z.infer<typeof importLineSchema>;

export interface ImportDefaults {
  /** Used when a line has no "source". */
  source?: string | undefined;
  /** Used when a line has no "lang"; otherwise the language is detected. */
  lang?: string | undefined;
}

export type BadLineCode = 'INVALID_JSON' | 'INVALID_FIELD' | 'INVALID_DATE';

export class BadLineError extends Error {
  constructor(
    readonly code: BadLineCode,
    message: string,
  ) {
    super(message);
  }
}

/** A text that opens with a scraper's date stamp ("date 2025-09-06 16:38 …") gives its date. */
const DATE_MARKER = /^\s*date (\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}))?(?=\s)\s*/;

/** The date a text's stamp gives (YYYY-MM-DD or with THH:MM) and the text without it. */
export function splitDateStamp(text: string): { published: string | null; text: string } {
  const marker = DATE_MARKER.exec(text);
  if (!marker) return { published: null, text };
  const published = marker[2] ? `${marker[1]}T${marker[2]}` : (marker[1] ?? null);
  return { published, text: text.slice(marker[0].length) };
}

/** Lone surrogates (from "\ud800" escapes) become U+FFFD where text enters. */
const wellFormed = (_key: string, value: unknown) =>
  typeof value === 'string' ? value.toWellFormed() : value;

/** Turns one parsed line into an archive item; throws BadLineError naming what is wrong. */
export function itemFromLine(
  value: unknown,
  defaults: ImportDefaults,
  fetchedAt: string,
): ItemRecord {
  const parsed = importLineSchema.safeParse(value);
  if (!parsed.success) {
    const problems = fieldProblems(parsed.error, value)
      .map((p) => `${p.field} = ${describeValue(p.value)}: ${p.message}`)
      .join('; ');
    throw new BadLineError('INVALID_FIELD', problems);
  }
  const line = parsed.data;
  const source = line.source ?? defaults.source;
  if (!source) {
    throw new BadLineError(
      'INVALID_FIELD',
      'source = missing: give it on the line or with --source',
    );
  }
  let text = line.text;
  let published = line.published ?? null;
  if (published === null && text !== undefined) ({ published, text } = splitDateStamp(text));
  if (published !== null && !parseGivenDate(published)) {
    throw new BadLineError(
      'INVALID_DATE',
      `published = ${describeValue(published)}: is not a date; use ISO 8601 (2024-02-03 or 2024-02-03T10:00:00Z) or a written date with its year, or leave it out`,
    );
  }
  const record: ImportRecord = {
    title: line.title?.trim() ? line.title : null,
    ...(line.html !== undefined ? { html: line.html } : { text: text ?? '' }),
    published,
    ...(line.creator ? { creator: line.creator } : {}),
  };
  const lang = line.lang ?? defaults.lang;
  const json = JSON.stringify(record);
  return {
    source,
    url: canonicalizeUrl(line.url),
    lang,
    format: 'record',
    text: json,
    // The language is part of what the normalizer is given.
    hash: sha256Hex(`${lang ?? ''}\u0000${json}`),
    fetchedAt,
    seenAtKnown: false,
  };
}

/**
 * One line through the one normalizer, without the archive: the release an
 * import of it would store (before near-duplicate and translation grouping).
 * For fixtures and benchmarks that need releases in bulk; throws
 * BadLineError for a bad line, NotAReleaseError when the normalizer refuses it.
 */
export function releaseFromLine(
  value: unknown,
  defaults: ImportDefaults,
  fetchedAt: string,
): PressRelease {
  const item = itemFromLine(value, defaults, fetchedAt);
  const outcome = normalizeWithSource({
    sourceId: item.source,
    url: item.url,
    format: item.format,
    text: item.text ?? '',
    langHint: item.lang ?? undefined,
    fetchedAt,
    firstSeenAt: fetchedAt,
  });
  if (!outcome.ok) throw new NotAReleaseError(outcome.code, `${item.url}: ${outcome.reason}`);
  return outcome.release;
}

/** The normalizer made no release of a line (EMPTY_CONTENT, SOFT_404, …). */
export class NotAReleaseError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface BadLine {
  line: number;
  code: string;
  reason: string;
}

export interface ImportReport {
  lines: number;
  /** Lines that are no release: unreadable, or items the normalizer could not make a release of. */
  bad: BadLine[];
  items: { new: number; changed: number; unchanged: number };
  /** What normalization made of the new and changed items. */
  releases: NormalizeCounts;
  /** The sync to the index that followed. */
  index: SyncReport;
  /** Releases the index took in new, took in changed, and lines that changed nothing. */
  added: number;
  updated: number;
  unchanged: number;
}

export type ImportPhase = 'reading' | 'normalizing' | 'indexing';

export interface ImportOptions {
  archive: Archive;
  client: Meilisearch;
  indexUid: string;
  defaults?: ImportDefaults;
  /** Releases per indexing batch. */
  batchSize?: number;
  logger?: Logger;
  onProgress?: (phase: ImportPhase, report: ImportReport) => void;
  onBadLine?: (bad: BadLine) => void;
}

/** Adds one sync's counts to the import's; pending and the error are the latest sync's. */
function addSync(total: SyncReport, sync: SyncReport): void {
  total.indexed += sync.indexed;
  total.added += sync.added;
  total.updated += sync.updated;
  total.removed += sync.removed;
  total.refused += sync.refused;
  total.pending = sync.pending;
  if (sync.error !== undefined) total.error = sync.error;
}

/**
 * Items normalized between two turns of the event loop while a sync is in
 * flight: small, so its requests are answered well within MEILI_TIMEOUT_MS
 * (a loop blocked for seconds would time them out).
 */
const OVERLAP_BATCH = 25;

/** Items archived per transaction while reading. */
const ARCHIVE_BATCH = 500;

/** Lines of a file: JSON lines, or a .txt file as one plain-text release. */
async function* readItems(
  file: string,
  defaults: ImportDefaults,
  fetchedAt: string,
): AsyncGenerator<{ line: number; item: ItemRecord } | { line: number; bad: BadLineError }> {
  if (file.endsWith('.txt')) {
    const text = (await readFile(file, 'utf8')).toWellFormed();
    const source = defaults.source;
    if (!source) {
      yield { line: 1, bad: new BadLineError('INVALID_FIELD', 'source = missing: give --source') };
      return;
    }
    const url = canonicalizeUrl(pathToFileURL(path.resolve(file)).href);
    yield {
      line: 1,
      item: {
        source,
        url,
        lang: defaults.lang,
        format: 'text',
        text,
        hash: sha256Hex(`${defaults.lang ?? ''}\u0000${text}`),
        fetchedAt,
        seenAtKnown: false,
      },
    };
    return;
  }
  const reader = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const raw of reader) {
    line++;
    if (!raw.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(raw, wellFormed);
    } catch (error) {
      const message = `not valid JSON (${(error as Error).message})`;
      yield { line, bad: new BadLineError('INVALID_JSON', message) };
      continue;
    }
    try {
      yield { line, item: itemFromLine(value, defaults, fetchedAt) };
    } catch (error) {
      if (!(error instanceof BadLineError)) throw error;
      yield { line, bad: error };
    }
  }
}

/**
 * The archived items of these sources become releases and the releases go
 * to the index. Normalizing (here) and indexing (in Meilisearch) overlap:
 * while one sync's batches are indexed, the next items are normalized; a
 * last sync takes the rest. Shared by file and saved-site imports.
 */
export async function normalizeAndIndex<R extends { releases: NormalizeCounts; index: SyncReport }>(
  archive: Archive,
  sources: ReadonlySet<string>,
  report: R,
  options: Pick<ImportOptions, 'client' | 'indexUid' | 'batchSize'> & { logger: Logger },
  onProgress?: (phase: ImportPhase, report: R) => void,
): Promise<void> {
  const { logger } = options;
  const index = report.index;
  let syncing: Promise<void> | undefined;
  const sync = async () => {
    const done = await syncArchiveToIndex(archive, options.client, options.indexUid, {
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      logger,
      onProgress: (partial) => onProgress?.('indexing', { ...report, index: partial }),
    });
    addSync(index, done);
  };
  for (;;) {
    let took = 0;
    for (const source of sources) {
      took += normalizeBatch(archive, source, normalizeWithSource, report.releases, {
        logger,
        batchSize: OVERLAP_BATCH,
      });
    }
    if (took === 0) break;
    onProgress?.('normalizing', report);
    if (!syncing && index.error === undefined) {
      syncing = sync().finally(() => {
        syncing = undefined;
      });
    }
    // Lets the sync in flight take its next step (answers, next batch) between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await syncing;
  onProgress?.('indexing', report);
  if (index.error === undefined) await sync();
  index.pending = archive.releases.pendingIndexCount();
}

/** What an import adds up, before it starts: items archived, releases made, the index's answers. */
export function emptyIngestCounts(): Pick<ImportReport, 'items' | 'releases' | 'index'> {
  return {
    items: { new: 0, changed: 0, unchanged: 0 },
    releases: {
      releasesNew: 0,
      releasesUpdated: 0,
      releasesUnchanged: 0,
      errors: {},
      warnings: {},
    },
    index: emptySync(),
  };
}

/** Imports a file through the archive: good lines become releases in the index, bad lines are reported. */
export async function importJsonLines(file: string, options: ImportOptions): Promise<ImportReport> {
  const { archive } = options;
  const logger = options.logger ?? silentLogger;
  const fetchedAt = new Date().toISOString();
  const report: ImportReport = {
    lines: 0,
    bad: [],
    ...emptyIngestCounts(),
    added: 0,
    updated: 0,
    unchanged: 0,
  };
  const lineOf = new Map<string, number>();
  const sources = new Set<string>();
  let pending: ItemRecord[] = [];
  const flush = () => {
    archive.transaction(() => {
      for (const item of pending) report.items[archive.items.upsert(item)]++;
    });
    pending = [];
    options.onProgress?.('reading', report);
  };
  for await (const entry of readItems(file, options.defaults ?? {}, fetchedAt)) {
    report.lines = entry.line;
    if ('bad' in entry) {
      const bad = { line: entry.line, code: entry.bad.code, reason: entry.bad.message };
      report.bad.push(bad);
      options.onBadLine?.(bad);
      continue;
    }
    lineOf.set(`${entry.item.source}\u0000${entry.item.url}`, entry.line);
    sources.add(entry.item.source);
    pending.push(entry.item);
    if (pending.length >= ARCHIVE_BATCH) flush();
  }
  flush();

  await normalizeAndIndex(archive, sources, report, { ...options, logger }, options.onProgress);

  // Lines whose item holds no release, now or from an earlier import of the same text.
  const noRelease: BadLine[] = [];
  for (const [key, line] of lineOf) {
    const [source = '', url = ''] = key.split('\u0000');
    const outcome = archive.items.outcome(source, url);
    if (outcome) noRelease.push({ line, code: outcome.code, reason: outcome.message });
  }
  for (const bad of noRelease) options.onBadLine?.(bad);
  report.bad = [...report.bad, ...noRelease].sort((a, b) => a.line - b.line);
  report.added = report.index.added;
  report.updated = report.index.updated;
  report.unchanged = report.items.unchanged;
  return report;
}
