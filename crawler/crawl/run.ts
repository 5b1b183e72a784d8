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
import type { Logger } from '../../src/log.js';
import type { NormalizeOutcome, RawItem } from '../normalize/types.js';
import type { SourceDefinition } from '../sources/schema.js';
import { decodeWith } from './decode.js';
import {
  type CrawlDefaults,
  type CrawlSourceResult,
  crawlSource,
  emptyCounts,
  errorTotal,
  type SourceCounts,
} from './engine.js';
import { SqliteStorageClient } from './queue-storage.js';

export type Normalizer = (item: RawItem) => NormalizeOutcome;

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
  normalize: Normalizer;
  langs?: string[] | undefined;
  since?: Date | undefined;
  maxPages?: number | undefined;
  /** Index new and changed releases at the end. */
  index?: { client: Meilisearch; uid: string } | undefined;
  logger: Logger;
  signal?: AbortSignal | undefined;
  onProgress?: (source: string, phase: Phase, counts: SourceCounts) => void;
}

/** Turns the archive's pending items of a source into releases. */
export function normalizePending(
  archive: Archive,
  source: SourceDefinition,
  normalize: Normalizer,
  counts: SourceCounts,
  options: { runId?: number | undefined; logger: Logger; onProgress?: () => void },
): void {
  const log = options.logger.child({ source: source.id });
  for (;;) {
    const batch = archive.items.pending(source.id, 200);
    if (batch.length === 0) return;
    archive.transaction(() => {
      for (const item of batch) {
        const raw: RawItem = {
          sourceId: item.source,
          url: item.url,
          ...(item.finalUrl ? { finalUrl: item.finalUrl } : {}),
          format: item.format,
          text: item.text ?? (item.body ? decodeWith(item.body, item.charset ?? 'utf-8') : ''),
          langHint: item.lang ?? undefined,
          fetchedAt: item.fetchedAt,
          firstSeenAt: item.firstSeenAt,
        };
        let outcome: NormalizeOutcome;
        try {
          outcome = normalize(raw);
        } catch (error) {
          outcome = {
            ok: false,
            code: 'NORMALIZE_FAILED',
            reason: error instanceof Error ? error.message : String(error),
          };
        }
        if (outcome.ok) {
          archive.ministers.save(outcome.ministers);
          const change = archive.releases.save(outcome.release, item.url);
          if (change === 'new') counts.releasesNew++;
          else if (change === 'updated') counts.releasesUpdated++;
          else counts.releasesUnchanged++;
          archive.items.recordNormalized(item.source, item.url, item.hash, {
            releaseId: outcome.release.id,
          });
        } else {
          counts.errors[outcome.code] = (counts.errors[outcome.code] ?? 0) + 1;
          archive.items.recordNormalized(item.source, item.url, item.hash, {
            code: outcome.code,
            message: outcome.reason,
          });
          if (options.runId !== undefined) {
            archive.runs.recordError({
              runId: options.runId,
              source: source.id,
              lang: item.lang ?? undefined,
              url: item.url,
              code: outcome.code,
              message: outcome.reason,
            });
          }
          log.warn(
            { code: outcome.code, url: item.url, lang: item.lang },
            `no release: ${outcome.reason}`,
          );
        }
      }
    });
    options.onProgress?.();
  }
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
        normalizePending(options.archive, source, options.normalize, result.counts, {
          runId: result.runId,
          logger: options.logger,
          onProgress: () => report('normalizing'),
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
