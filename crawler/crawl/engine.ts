/**
 * Crawls one source into the archive with Crawlee's HttpCrawler.
 *
 * One run = one source, some or all of its languages. The run's request
 * queue is a Crawlee RequestQueue persisted in the archive's SQLite file, so
 * a run that was killed is resumed by the next crawl of that source: the
 * requests it had handled stay handled, the others (including those in
 * flight when it died) are fetched, and the archive's keys (request, item
 * URL, release id) make every write idempotent. Nothing is lost, nothing
 * duplicated.
 *
 * This module orchestrates; the parts live beside it: the label handlers for
 * listings and items (handlers.ts), the pure next-listing-step decision
 * (listing-step.ts), the retry policy (retry-policy.ts), the run's typed
 * statistics (stats.ts), where the crawl may go (site-policy.ts: own hosts,
 * robots.txt per origin) and the polite HTTP client (http-client.ts: every
 * request and every redirect hop leaves at its host's next slot, with
 * time-outs, size and redirect limits).
 *
 * Incremental: listing pages are re-fetched with If-None-Match /
 * If-Modified-Since; an item already archived is not fetched again; paging
 * stops after `lookBackPages` pages that bring nothing new (once the source
 * has been read to its end once); unchanged items are not normalized again.
 *
 * CheerioCrawler is not used: it decodes every body with the header's
 * charset and parses it twice before the handler runs. The archive needs the
 * bytes, decoded by header → <meta> → detection (decode.ts), and only listing
 * pages need parsing; HttpCrawler, the same engine without the parse, gives
 * us the bytes.
 */
import {
  Configuration,
  log as crawleeLog,
  createHttpRouter,
  HttpCrawler,
  RequestQueue,
} from '@crawlee/cheerio';
import type { Archive } from '../../src/archive/archive.js';
import type { ItemStates } from '../../src/archive/items.js';
import type { Logger } from '../../src/log.js';
import type { SourceDefinition } from '../sources/schema.js';
import { pageRequest } from './adapters.js';
import { failureHandlers } from './failures.js';
import {
  allowedByRobots,
  type CrawlContext,
  conditionalHeaders,
  itemHandler,
  LanguageProgress,
  listingHandler,
  queuedRequest,
} from './handlers.js';
import { PoliteHttpClient } from './http-client.js';
import { claimSource } from './lease.js';
import type { SqliteStorageClient } from './queue-storage.js';
import {
  type CrawlDefaults,
  type CrawlSettings,
  navigationBackstopSecs,
  settingsFor,
} from './settings.js';
import { SitePolicy } from './site-policy.js';
import { emptyCounts, RunStats, runCounts, type SourceCounts } from './stats.js';

export type SourceStatus = 'completed' | 'failed' | 'postponed' | 'busy' | 'stopped';

export interface CrawlSourceResult {
  source: string;
  runId?: number;
  status: SourceStatus;
  resumed: boolean;
  counts: SourceCounts;
  /** The source's items by state at the end (failed ones waiting for their next attempt, …). */
  items?: ItemStates;
  /** Why the source failed, was postponed or is busy. */
  message?: string;
}

export interface CrawlSourceOptions {
  archive: Archive;
  storage: SqliteStorageClient;
  source: SourceDefinition;
  defaults: CrawlDefaults;
  /** Real origin → origin to connect to (SOURCE_BASE_URL_<ID>). */
  originOverrides?: ReadonlyMap<string, string>;
  langs?: string[] | undefined;
  since?: Date | undefined;
  maxPages?: number | undefined;
  /** Items per run at most (a check of a source reads a few, not all). */
  maxItems?: number | undefined;
  logger: Logger;
  signal?: AbortSignal | undefined;
  onProgress?: (counts: SourceCounts) => void;
}

/** Crawlee logs everything we log ourselves; keep it quiet unless debugging. */
export function quietCrawlee(level: string): void {
  crawleeLog.setLevel(
    level === 'trace' || level === 'debug' ? crawleeLog.LEVELS.WARNING : crawleeLog.LEVELS.OFF,
  );
}

const SERVER_ERRORS = Array.from({ length: 100 }, (_v, i) => 500 + i);

/** The run's counts as saved with the run when it finishes. */
function snapshot(archive: Archive, runId: number, stored?: Record<string, unknown>) {
  return runCounts(archive, runId, stored) as unknown as Record<string, unknown>;
}

export async function crawlSource(options: CrawlSourceOptions): Promise<CrawlSourceResult> {
  const { archive, source } = options;
  const settings = settingsFor(source, options.defaults);
  const log = options.logger.child({ source: source.id });
  const claim = await claimSource(archive, source.id, settings.leaseTtlMs, log, options.signal);
  if (!claim.ok) {
    return {
      source: source.id,
      status: 'busy',
      resumed: false,
      counts: emptyCounts(),
      message: claim.message,
    };
  }
  // The crawl stops when asked to, and when its lease is lost to another crawl.
  const signal = options.signal ? AbortSignal.any([options.signal, claim.lost]) : claim.lost;
  let policy: SitePolicy | undefined;
  // Hops followed are counted by the run's statistics, which exist once the run does.
  const hops = { followed: () => {} };
  const client = new PoliteHttpClient({
    userAgent: settings.userAgent,
    connectTimeoutMs: settings.connectTimeoutMs,
    readTimeoutMs: settings.readTimeoutMs,
    maxBytes: settings.maxBytes,
    maxRedirects: settings.maxRedirects,
    hostConcurrency: settings.concurrency,
    delayMs: settings.delayMs,
    checkRedirect: async (next, from) => {
      await policy?.checkRedirect(next, from);
      hops.followed();
    },
    signal,
    ...(options.originOverrides ? { originOverrides: options.originOverrides } : {}),
  });
  policy = new SitePolicy(source, client);
  try {
    return await crawlWithLease({ ...options, signal }, settings, client, policy, hops);
  } finally {
    client.close();
    claim.release();
  }
}

async function crawlWithLease(
  options: CrawlSourceOptions & { signal: AbortSignal },
  settings: CrawlSettings,
  client: PoliteHttpClient,
  policy: SitePolicy,
  hops: { followed: () => void },
): Promise<CrawlSourceResult> {
  const { archive, source, logger } = options;
  const log = logger.child({ source: source.id });
  // Crawled by listing language: a listing that mixes languages has one start URL for several.
  const listed = Object.keys(source.startUrls);
  const requested = (options.langs ?? listed).filter((l) => listed.includes(l));
  const existing = archive.runs.unfinished(source.id);
  const run =
    existing ??
    archive.runs.start(source.id, requested, {
      since: options.since?.toISOString() ?? null,
      maxPages: options.maxPages ?? null,
    });
  const resumed = existing !== undefined;
  const langs = [...new Set([...(resumed ? run.langs : []), ...requested])];
  // A resumed run goes on from the counts saved with what it archived before it was killed.
  const counts = runCounts(archive, run.id, run.stats);
  const stats = new RunStats(archive, run.id, source.id, log, counts, options.onProgress);
  hops.followed = () => stats.add('redirects');
  if (resumed) {
    archive.runs.markResumed(run.id);
    log.info({ runId: run.id, startedAt: run.startedAt }, 'resuming an interrupted crawl');
  }
  const result = (status: SourceStatus, message?: string): CrawlSourceResult => {
    const final = runCounts(archive, run.id, run.stats);
    Object.assign(counts, final);
    return {
      source: source.id,
      runId: run.id,
      status,
      resumed,
      counts,
      items: archive.items.states(source.id),
      ...(message ? { message } : {}),
    };
  };

  // robots.txt of the source's origin, before anything else.
  const origin = new URL(source.baseUrl).origin;
  const robots = await policy.robotsOf(origin);
  if (robots.status === 'unavailable') {
    const code = robots.httpStatus ? 'ROBOTS_UNAVAILABLE' : 'HOST_UNREACHABLE';
    const message = `${robots.reason}; ${source.id} is postponed`;
    stats.problem(code, message);
    // A run that was resumed keeps its queue for the next attempt; a new one had done nothing yet.
    if (!resumed) {
      archive.runs.finish(run.id, 'postponed', snapshot(archive, run.id, run.stats), message);
    }
    return result('postponed', message);
  }
  const host = new URL(source.baseUrl).host;
  const delayMs = client.schedule.delayOf(host);
  log.debug(
    {
      robots: robots.status,
      crawlDelaySec: robots.crawlDelaySec,
      delayMs,
      concurrency: settings.concurrency,
    },
    'robots.txt read; per-host delay set',
  );

  const config = new Configuration({
    storageClient: options.storage,
    purgeOnStart: false,
    persistStateIntervalMillis: 3_600_000,
  });
  const queue = await RequestQueue.open(`run-${run.id}`, { config });
  options.storage.requestQueue(queue.id).releaseAllLocks();

  const crawl: CrawlContext = {
    archive,
    source,
    stats,
    maxBytes: settings.maxBytes,
    rules: robots,
    limits: {
      maxPages: Math.min(options.maxPages ?? Number.POSITIVE_INFINITY, source.maxPages),
      itemsLeft: options.maxItems ?? Number.POSITIVE_INFINITY,
      since: options.since,
    },
    languages: new LanguageProgress(
      new Map(langs.map((l) => [l, archive.runs.state(source.id, l).backfillDone])),
    ),
    recheckBefore:
      settings.recheckAfterMs === 'off'
        ? undefined
        : new Date(Date.now() - settings.recheckAfterMs).toISOString(),
    log,
    enqueue: async (requests) => {
      const added = await crawler.addRequests(requests, { waitForAllRequestsToBeAdded: true });
      return added.addedRequests.filter((r) => !r.wasAlreadyPresent).length;
    },
  };
  // A resumed run may have read its listings before it was stopped: they count as read.
  if (resumed)
    for (const lang of archive.runs.languagesRead(run.id)) crawl.languages.markRead(lang);
  const router = createHttpRouter();
  router.addHandler('listing', listingHandler(crawl));
  router.addHandler('item', itemHandler(crawl));

  const crawler = new HttpCrawler(
    {
      requestQueue: queue,
      httpClient: client,
      useSessionPool: false,
      persistCookiesPerSession: false,
      maxRequestRetries: settings.maxRetries,
      minConcurrency: settings.concurrency,
      maxConcurrency: settings.concurrency,
      // The per-host delay is kept by our client when each request leaves (see politeness.ts).
      sameDomainDelaySecs: 0,
      navigationTimeoutSecs: navigationBackstopSecs(settings, delayMs),
      requestHandlerTimeoutSecs: 60,
      forceResponseEncoding: 'utf-8',
      // Feeds, sitemaps (plain or gzipped, often served as octet-stream) and PDF items.
      additionalMimeTypes: [
        'application/rss+xml',
        'application/atom+xml',
        'application/xml',
        'text/xml',
        'text/plain',
        'application/pdf',
        'application/gzip',
        'application/x-gzip',
        'application/octet-stream',
      ],
      ignoreHttpErrorStatusCodes: SERVER_ERRORS,
      statusMessageLoggingInterval: 3600,
      statisticsOptions: { logIntervalSecs: 3600 },
      autoscaledPoolOptions: {
        desiredConcurrency: settings.concurrency,
        maybeRunIntervalSecs: 0.02,
        loggingIntervalSecs: null,
      },
      preNavigationHooks: [
        // Listings, and items archived before (re-checks), are asked for conditionally.
        async (context, gotOptions) => {
          if (context.request.method !== 'GET') return;
          const conditional = conditionalHeaders(archive, context.request.uniqueKey);
          if (conditional) gotOptions.headers = { ...gotOptions.headers, ...conditional };
        },
      ],
      requestHandler: router,
      ...failureHandlers(crawl, settings, client.schedule),
    },
    config,
  );

  const abort = () => {
    crawler.stop('stopping: the service is shutting down');
  };
  options.signal.addEventListener('abort', abort, { once: true });
  const starts = langs
    .map((lang) => ({ lang, page: pageRequest(source, lang, 0) }))
    .filter(({ lang, page }) => allowedByRobots(crawl, page.url, lang))
    .map(({ lang, page }) => queuedRequest(page, { kind: 'listing', lang, page: 0, quiet: 0 }));
  try {
    if (starts.length > 0 && !options.signal.aborted) {
      // Items whose fetch failed in earlier runs and whose next attempt is due.
      const due = archive.items
        .due(source.id, new Date().toISOString())
        .filter((item) => item.lang === null || langs.includes(item.lang))
        .map((item) =>
          queuedRequest(
            { url: item.url, method: 'GET', uniqueKey: item.url },
            { kind: 'item', lang: item.lang ?? langs[0] ?? '', page: 0, quiet: 0 },
          ),
        );
      if (due.length > 0) {
        const retried = await crawl.enqueue(due);
        if (retried > 0) stats.add('itemsRetried', retried);
        log.info({ items: retried }, 'trying again items that failed in earlier runs');
      }
      await crawler.run(starts);
    }
  } finally {
    options.signal.removeEventListener('abort', abort);
  }

  if (options.signal.aborted) {
    return result('stopped', 'stopped; the next crawl resumes it');
  }
  for (const lang of langs) {
    archive.runs.updateState(source.id, lang, {
      runId: run.id,
      succeeded: crawl.languages.succeeded(lang),
      backfillDone: crawl.languages.reachedEnd(lang),
    });
  }
  const anyOk = langs.some((l) => crawl.languages.wasRead(l));
  const message = anyOk
    ? undefined
    : starts.length === 0
      ? 'robots.txt disallows every start URL'
      : 'no listing of this source could be read';
  const status: SourceStatus = anyOk ? 'completed' : 'failed';
  archive.runs.finish(run.id, status, snapshot(archive, run.id, run.stats), message);
  await queue.drop();
  return result(status, message);
}
