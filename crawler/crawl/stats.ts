/**
 * Typed statistics of a crawl run: what was fetched, what it brought, and
 * every problem by its stable code. Problems are also recorded in the
 * archive (crawl_errors, with URL and message) and logged.
 */
import type { Archive } from '../../src/archive/archive.js';
import type { ItemChange } from '../../src/archive/items.js';
import type { Logger } from '../../src/log.js';
import type { CrawlErrorCode } from './errors.js';

export interface SourceCounts {
  /** Responses handled (listing pages, API pages, feeds, items), 304s included. */
  pages: number;
  notModified: number;
  /** Redirect hops followed. */
  redirects: number;
  itemsNew: number;
  itemsChanged: number;
  itemsUnchanged: number;
  /** Failed items of earlier runs tried again in this one. */
  itemsRetried: number;
  /** Archived items re-checked (a conditional request). */
  itemsRechecked: number;
  /** Releases whose page now answers 404/410: kept in the archive, out of search. */
  releasesWithdrawn: number;
  releasesNew: number;
  releasesUpdated: number;
  releasesUnchanged: number;
  /** Error (and warning) codes with how often each occurred. */
  errors: Record<string, number>;
}

export type CountField = Exclude<keyof SourceCounts, 'errors'>;

export const emptyCounts = (): SourceCounts => ({
  pages: 0,
  notModified: 0,
  redirects: 0,
  itemsNew: 0,
  itemsChanged: 0,
  itemsUnchanged: 0,
  itemsRetried: 0,
  itemsRechecked: 0,
  releasesWithdrawn: 0,
  releasesNew: 0,
  releasesUpdated: 0,
  releasesUnchanged: 0,
  errors: {},
});

/** Counts as stored with a run (older runs may lack newer fields). */
export function countsFrom(stored: Record<string, unknown>): SourceCounts {
  const counts = emptyCounts();
  for (const field of Object.keys(counts) as (keyof SourceCounts)[]) {
    const value = stored[field];
    if (field === 'errors') {
      if (value && typeof value === 'object')
        counts.errors = { ...(value as Record<string, number>) };
    } else if (typeof value === 'number') {
      counts[field] = value;
    }
  }
  return counts;
}

export const errorTotal = (counts: SourceCounts) =>
  Object.values(counts.errors).reduce((a, b) => a + b, 0);

export interface ProblemContext {
  lang?: string | undefined;
  url?: string | undefined;
  level?: 'warn' | 'info';
}

/**
 * A run's counts from the archive: each was added in the same transaction as
 * the write it counts, and errors are read from crawl_errors, so a run killed
 * at any moment is summed up exactly. `stored` (the run's saved snapshot)
 * fills in what the crawl does not count itself (releases, from normalizing).
 */
export function runCounts(
  archive: Archive,
  runId: number,
  stored: Record<string, unknown> = {},
): SourceCounts {
  const derived = archive.runs.counts(runId);
  return countsFrom({ ...stored, ...derived.counts, errors: derived.errors });
}

/** The statistics of one run: in memory for progress, and in the archive with each write. */
export class RunStats {
  constructor(
    private readonly archive: Archive,
    readonly runId: number,
    private readonly source: string,
    private readonly log: Logger,
    readonly counts: SourceCounts,
    private readonly onProgress?: (counts: SourceCounts) => void,
  ) {}

  /** Counts one event; call it inside the transaction of the archive write it stands for. */
  add(field: CountField, n = 1): void {
    this.counts[field] += n;
    this.archive.runs.addCount(this.runId, field, n);
  }

  item(change: ItemChange): void {
    this.add(
      change === 'new' ? 'itemsNew' : change === 'changed' ? 'itemsChanged' : 'itemsUnchanged',
    );
  }

  /** A problem with its stable code: counted, recorded in the archive, logged. */
  problem(code: CrawlErrorCode | string, message: string, context: ProblemContext = {}): void {
    this.counts.errors[code] = (this.counts.errors[code] ?? 0) + 1;
    this.archive.runs.recordError({
      runId: this.runId,
      source: this.source,
      lang: context.lang,
      url: context.url,
      code,
      message,
    });
    this.log[context.level ?? 'warn']({ code, lang: context.lang, url: context.url }, message);
    this.changed();
  }

  /** Something was counted: tell whoever shows progress. */
  changed(): void {
    this.onProgress?.(this.counts);
  }
}
