/**
 * A crawl of several sources, end to end: each source is crawled into the
 * archive (engine.ts), then its new and changed items are normalized into
 * releases, and at the end the releases the index lacks are indexed
 * (src/indexing/sync.ts). Sources run side by side (different hosts); a
 * source that fails does not stop the others.
 */
import type { Meilisearch } from 'meilisearch';
import type { Archive } from '../../src/archive/archive.js';
import { type SyncReport, syncArchiveToIndex } from '../../src/indexing/sync.js';
import { normalizePending } from '../../src/ingest/pipeline.js';
import type { Logger } from '../../src/log.js';
import { normalizerOf } from '../sources/index.js';
import type { SourceDefinition } from '../sources/schema.js';
import { type CrawlSourceResult, crawlSource } from './engine.js';
import { SqliteStorageClient } from './queue-storage.js';
import type { CrawlDefaults } from './settings.js';
import { emptyCounts, errorTotal, type SourceCounts } from './stats.js';

export type Phase = 'waiting' | 'crawling' | 'normalizing' | 'done';

export interface SourceReport extends CrawlSourceResult {
  durationMs: number;
}

export interface CrawlReport {
  sources: SourceReport[];
  /** Undefined when indexing was not asked for. */
  index?: SyncReport;
  startedAt: string;
  finishedAt: string;
}

export interface RunCrawlOptions {
  archive: Archive;
  sources: readonly SourceDefinition[];
  defaults: CrawlDefaults;
  originOverrides?: ReadonlyMap<string, string>;
  langs?: string[] | undefined;
  since?: Date | undefined;
  maxPages?: number | undefined;
  /** Items per source and run at most (sources check). */
  maxItems?: number | undefined;
  /** Index new and changed releases at the end. */
  index?: { client: Meilisearch; uid: string } | undefined;
  logger: Logger;
  signal?: AbortSignal | undefined;
  onProgress?: (source: string, phase: Phase, counts: SourceCounts) => void;
}

export async function runCrawl(options: RunCrawlOptions): Promise<CrawlReport> {
  const startedAt = new Date().toISOString();
  const storage = new SqliteStorageClient(options.archive.db);
  const reports = await Promise.all(
    options.sources.map(async (source): Promise<SourceReport> => {
      const begin = performance.now();
      let counts: SourceCounts | undefined;
      const report = (phase: Phase) => counts && options.onProgress?.(source.id, phase, counts);
      options.onProgress?.(source.id, 'crawling', emptyCounts());
      let result: CrawlSourceResult;
      try {
        result = await crawlSource({
          archive: options.archive,
          storage,
          source,
          defaults: options.defaults,
          ...(options.originOverrides ? { originOverrides: options.originOverrides } : {}),
          langs: options.langs,
          since: options.since,
          maxPages: options.maxPages,
          maxItems: options.maxItems,
          logger: options.logger,
          signal: options.signal,
          onProgress: (c) => {
            counts = c;
            report('crawling');
          },
        });
      } catch (error) {
        // A bug or a broken archive: this source fails, the others go on.
        const message = error instanceof Error ? error.message : String(error);
        options.logger.error(
          { source: source.id, err: error },
          `crawl of ${source.id} failed: ${message}`,
        );
        result = {
          source: source.id,
          status: 'failed',
          resumed: false,
          counts: counts ?? { ...emptyCounts(), errors: { CRAWL_FAILED: 1 } },
          message,
        };
      }
      counts = result.counts;
      if (!options.signal?.aborted && result.status !== 'busy') {
        report('normalizing');
        await normalizePending(options.archive, source.id, normalizerOf(source), result.counts, {
          runId: result.runId,
          logger: options.logger,
          onProgress: () => report('normalizing'),
          signal: options.signal,
        });
        if (result.runId !== undefined) {
          options.archive.runs.saveStats(
            result.runId,
            result.counts as unknown as Record<string, unknown>,
          );
        }
      }
      report('done');
      return { ...result, durationMs: performance.now() - begin };
    }),
  );
  let index: SyncReport | undefined;
  if (options.index && !options.signal?.aborted) {
    index = await syncArchiveToIndex(options.archive, options.index.client, options.index.uid, {
      logger: options.logger,
    });
  }
  return {
    sources: reports,
    ...(index ? { index } : {}),
    startedAt,
    finishedAt: new Date().toISOString(),
  };
}

/** A source "failed entirely" when nothing of it could be crawled. */
export function sourceFailed(report: CrawlSourceResult): boolean {
  return report.status === 'failed' || report.status === 'postponed' || report.status === 'busy';
}

export { errorTotal };
