/**
 * The crawl inside `npm start`: all enabled sources once at start, then every
 * CRAWL_INTERVAL, never two crawls at once. A source that cannot be reached
 * is reported in the log (and at GET /api/sources) and tried again next
 * time; the service goes on serving search whatever happens here.
 */
import type { Meilisearch } from 'meilisearch';
import type { Archive } from '../../src/archive/archive.js';
import type { SourceStatusView, SourcesResponse } from '../../src/domain/source-status.js';
import type { Logger } from '../../src/log.js';
import { sourceIdentity } from '../sources/index.js';
import type { SourceDefinition } from '../sources/schema.js';
import { healthOf } from './health.js';
import { type CrawlReport, runCrawl } from './run.js';
import type { CrawlDefaults } from './settings.js';
import { countsFrom, errorTotal, runCounts } from './stats.js';

export interface SchedulerOptions {
  archive: Archive;
  sources: readonly SourceDefinition[];
  defaults: CrawlDefaults;
  originOverrides?: ReadonlyMap<string, string>;
  /** Milliseconds between crawls, or "off". */
  intervalMs: number | 'off';
  index?: { client: Meilisearch; uid: string };
  logger: Logger;
}

function formatInterval(ms: number | 'off'): string {
  if (ms === 'off') return 'off';
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

export class CrawlScheduler {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<CrawlReport | undefined> | undefined;
  private controller: AbortController | undefined;
  private nextRunAt: Date | undefined;
  private stopped = false;
  private readonly crawling = new Set<string>();

  constructor(private readonly options: SchedulerOptions) {}

  /** Crawls now, then on the schedule. Does nothing when the interval is "off". */
  start(): void {
    if (this.options.intervalMs === 'off' || this.stopped) return;
    void this.runNow();
  }

  /** Whether a crawl is running now. */
  get busy(): boolean {
    return this.current !== undefined;
  }

  /** One crawl of all enabled sources, or of those named (or waits for the one running). */
  runNow(only?: readonly string[]): Promise<CrawlReport | undefined> {
    if (this.current) return this.current;
    const controller = new AbortController();
    this.controller = controller;
    const { logger } = this.options;
    const sources = this.options.sources.filter((s) => (only ? only.includes(s.id) : s.enabled));
    logger.info({ sources: sources.map((s) => s.id) }, 'crawl started');
    this.current = runCrawl({
      archive: this.options.archive,
      sources,
      defaults: this.options.defaults,
      ...(this.options.originOverrides ? { originOverrides: this.options.originOverrides } : {}),
      index: this.options.index,
      logger,
      signal: controller.signal,
      onProgress: (source, phase) => {
        if (phase === 'done') this.crawling.delete(source);
        else this.crawling.add(source);
      },
    })
      .then((report) => {
        for (const s of report.sources) {
          const fields = {
            source: s.source,
            status: s.status,
            pages: s.counts.pages,
            newReleases: s.counts.releasesNew,
            errors: errorTotal(s.counts),
          };
          if (s.status === 'completed') logger.info(fields, `${s.source} crawled`);
          else if (s.status !== 'stopped') {
            logger.warn(
              { ...fields, reason: s.message },
              `${s.source} could not be crawled (${s.message ?? s.status}); search keeps serving what it has and the crawl is tried again at the next run`,
            );
          }
        }
        if (report.index?.error) {
          logger.warn(
            { pending: report.index.pending },
            'indexing after the crawl failed; retried after the next crawl',
          );
        }
        return report;
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'crawl failed; search keeps serving');
        return undefined;
      })
      .finally(() => {
        this.current = undefined;
        this.crawling.clear();
        this.schedule();
      });
    return this.current;
  }

  private schedule(): void {
    if (this.stopped || this.options.intervalMs === 'off') return;
    clearTimeout(this.timer);
    this.nextRunAt = new Date(Date.now() + this.options.intervalMs);
    this.timer = setTimeout(() => void this.runNow(), this.options.intervalMs);
    this.timer.unref();
  }

  /** Stops the schedule and the crawl in progress (it is resumed by the next start). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.nextRunAt = undefined;
    this.controller?.abort();
    await this.current;
  }

  status(): SourcesResponse {
    const { archive } = this.options;
    const sources: SourceStatusView[] = this.options.sources.map((source) => {
      const run = archive.runs.last(source.id);
      // A run still going (or killed) is summed up from the counts saved with what it archived.
      const counts = run ? runCounts(archive, run.id, run.stats) : countsFrom({});
      const items = archive.items.states(source.id);
      return {
        ...sourceIdentity(source),
        health: healthOf(archive, source),
        crawling: this.crawling.has(source.id),
        lastRun: run
          ? {
              id: run.id,
              status: run.status,
              startedAt: run.startedAt,
              finishedAt: run.finishedAt,
              pages: counts.pages,
              newReleases: counts.releasesNew,
              updatedReleases: counts.releasesUpdated,
              retriedItems: counts.itemsRetried,
              errors: errorTotal(counts),
              errorCodes: counts.errors,
              message: run.error,
            }
          : null,
        releases: archive.releases.count(source.id),
        pendingIndex: archive.releases.pendingIndexCount(source.id),
        items: {
          failed: items.failed,
          nextAttemptAt: items.nextAttemptAt,
          gaveUp: items.gaveUp,
          refused: items.refused,
        },
        withdrawn: archive.releases.withdrawnCount(source.id),
        refused: archive.releases.refusedCount(source.id),
        nextRun: source.enabled && this.nextRunAt ? this.nextRunAt.toISOString() : null,
      };
    });
    return {
      crawlInterval: formatInterval(this.options.intervalMs),
      sources,
      index: {
        pending: archive.releases.pendingIndexCount(),
        refused: archive.releases.refusedCount(),
      },
    };
  }
}
