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
 * Politeness: robots.txt first (ours, see robots.ts: Crawl-delay, 5xx
 * postpones the host), then Crawlee's per-domain delay (`sameDomainDelaySecs`,
 * the larger of the configured delay and Crawl-delay) and concurrency,
 * Crawlee's retries with our back-off and Retry-After (politeness.ts), and
 * our HTTP client's time-outs, size and redirect limits (http-client.ts).
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
import type { IncomingMessage } from 'node:http';
import {
  Configuration,
  log as crawleeLog,
  HttpCrawler,
  type Request,
  RequestQueue,
} from '@crawlee/cheerio';
import type { Archive } from '../../src/archive/archive.js';
import type { ResponseKind } from '../../src/archive/responses.js';
import type { Logger } from '../../src/log.js';
import type { SourceDefinition } from '../sources/schema.js';
import {
  type ListingItem,
  type PageRequest,
  pageRequest,
  parseListing,
  sha256,
} from './adapters.js';
import { type Decoded, decodeBody } from './decode.js';
import {
  CrawlError,
  type CrawlErrorCode,
  crawlErrorCode,
  errorMessage,
  FinalCrawlError,
} from './errors.js';
import { PoliteHttpClient } from './http-client.js';
import { backoffDelay, HostPauses, parseRetryAfter, sleep } from './politeness.js';
import type { SqliteStorageClient } from './queue-storage.js';
import { fetchRobots, type RobotsRules } from './robots.js';

/** Crawl defaults from the configuration; a source's `politeness` overrides them. */
export interface CrawlDefaults {
  userAgent: string;
  delayMs: number;
  concurrency: number;
  maxRetries: number;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** First back-off delay; doubles with each retry (with jitter). */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A Retry-After longer than this gives the request up for this run. */
  maxRetryAfterMs: number;
}

export const DEFAULT_CRAWL: Omit<CrawlDefaults, 'userAgent'> = {
  delayMs: 1000,
  concurrency: 2,
  maxRetries: 3,
  connectTimeoutMs: 10_000,
  readTimeoutMs: 30_000,
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
  backoffBaseMs: 1000,
  backoffMaxMs: 60_000,
  maxRetryAfterMs: 120_000,
};

export type CrawlSettings = CrawlDefaults;

export function settingsFor(source: SourceDefinition, defaults: CrawlDefaults): CrawlSettings {
  const p = source.politeness;
  return {
    ...defaults,
    delayMs: p.delayMs ?? defaults.delayMs,
    concurrency: p.concurrency ?? defaults.concurrency,
    maxRetries: p.maxRetries ?? defaults.maxRetries,
    connectTimeoutMs: p.connectTimeoutMs ?? defaults.connectTimeoutMs,
    readTimeoutMs: p.readTimeoutMs ?? defaults.readTimeoutMs,
    maxBytes: p.maxBytes ?? defaults.maxBytes,
    maxRedirects: p.maxRedirects ?? defaults.maxRedirects,
  };
}

export interface SourceCounts {
  /** Responses handled (listing pages, API pages, feeds, items), 304s included. */
  pages: number;
  notModified: number;
  itemsNew: number;
  itemsChanged: number;
  itemsUnchanged: number;
  releasesNew: number;
  releasesUpdated: number;
  releasesUnchanged: number;
  /** Error (and warning) codes with how often each occurred. */
  errors: Record<string, number>;
}

export const emptyCounts = (): SourceCounts => ({
  pages: 0,
  notModified: 0,
  itemsNew: 0,
  itemsChanged: 0,
  itemsUnchanged: 0,
  releasesNew: 0,
  releasesUpdated: 0,
  releasesUnchanged: 0,
  errors: {},
});

export const errorTotal = (counts: SourceCounts) =>
  Object.values(counts.errors).reduce((a, b) => a + b, 0);

export type SourceStatus = 'completed' | 'failed' | 'postponed' | 'busy' | 'stopped';

export interface CrawlSourceResult {
  source: string;
  runId?: number;
  status: SourceStatus;
  resumed: boolean;
  counts: SourceCounts;
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
  logger: Logger;
  signal?: AbortSignal | undefined;
  onProgress?: (counts: SourceCounts) => void;
}

interface RequestData {
  kind: 'listing' | 'item';
  lang: string;
  /** Listing page index, 0 = start URL. */
  page: number;
  /** Listing pages in a row (up to this one) that brought nothing new. */
  quiet: number;
  /** Not before this time (epoch ms): back-off after a failure. */
  notBefore?: number;
}

const KEPT_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'etag',
  'last-modified',
  'date',
  'retry-after',
  'cache-control',
  'location',
];

function keptHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers[name];
    if (value !== undefined) kept[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}

/** What the handlers need of Crawlee's crawling context. */
interface Ctx {
  request: Request;
  response: IncomingMessage;
}

const SERVER_ERRORS = Array.from({ length: 100 }, (_v, i) => 500 + i);

/** Crawlee logs everything we log ourselves; keep it quiet unless debugging. */
export function quietCrawlee(level: string): void {
  crawleeLog.setLevel(
    level === 'trace' || level === 'debug' ? crawleeLog.LEVELS.WARNING : crawleeLog.LEVELS.OFF,
  );
}

export async function crawlSource(options: CrawlSourceOptions): Promise<CrawlSourceResult> {
  const { archive, source } = options;
  const settings = settingsFor(source, options.defaults);
  const lease = archive.leases.acquire(source.id);
  if (!lease.ok) {
    return {
      source: source.id,
      status: 'busy',
      resumed: false,
      counts: emptyCounts(),
      message: `already being crawled by process ${lease.pid} on ${lease.host}`,
    };
  }
  const client = new PoliteHttpClient({
    userAgent: settings.userAgent,
    connectTimeoutMs: settings.connectTimeoutMs,
    readTimeoutMs: settings.readTimeoutMs,
    maxBytes: settings.maxBytes,
    maxRedirects: settings.maxRedirects,
    hostConcurrency: settings.concurrency,
    ...(options.originOverrides ? { originOverrides: options.originOverrides } : {}),
  });
  try {
    return await crawlWithLease(options, settings, client);
  } finally {
    client.close();
    archive.leases.release(source.id);
  }
}

async function crawlWithLease(
  options: CrawlSourceOptions,
  settings: CrawlSettings,
  client: PoliteHttpClient,
): Promise<CrawlSourceResult> {
  const { archive, source, logger } = options;
  const log = logger.child({ source: source.id });
  const requested = (options.langs ?? source.languages).filter((l) => source.languages.includes(l));
  const existing = archive.runs.unfinished(source.id);
  const run =
    existing ??
    archive.runs.start(source.id, requested, {
      since: options.since?.toISOString() ?? null,
      maxPages: options.maxPages ?? null,
    });
  const resumed = existing !== undefined;
  const langs = [...new Set([...(resumed ? run.langs : []), ...requested])];
  const counts: SourceCounts = { ...emptyCounts(), ...(run.stats as Partial<SourceCounts>) };
  counts.errors = { ...((run.stats as Partial<SourceCounts>).errors ?? {}) };
  if (resumed) {
    archive.runs.markResumed(run.id);
    log.info({ runId: run.id, startedAt: run.startedAt }, 'resuming an interrupted crawl');
  }
  const progress = () => options.onProgress?.(counts);
  let statsDirty = 0;
  const saveStats = (force = false) => {
    statsDirty++;
    if (force || statsDirty >= 20) {
      archive.runs.saveStats(run.id, counts as unknown as Record<string, unknown>);
      statsDirty = 0;
    }
  };
  const fail = (
    code: CrawlErrorCode | string,
    message: string,
    context: { lang?: string | undefined; url?: string | undefined; level?: 'warn' | 'info' } = {},
  ) => {
    counts.errors[code] = (counts.errors[code] ?? 0) + 1;
    archive.runs.recordError({
      runId: run.id,
      source: source.id,
      lang: context.lang,
      url: context.url,
      code,
      message,
    });
    log[context.level ?? 'warn']({ code, lang: context.lang, url: context.url }, message);
    saveStats();
    progress();
  };

  // robots.txt of the source's origin, before anything else.
  const origin = new URL(source.baseUrl).origin;
  const robots = await fetchRobots(client, origin);
  if (robots.status === 'unavailable') {
    const code = robots.httpStatus ? 'ROBOTS_UNAVAILABLE' : 'HOST_UNREACHABLE';
    const message = `${robots.reason}; ${source.id} is postponed`;
    fail(code, message);
    // A run that was resumed keeps its queue for the next attempt; a new one had done nothing yet.
    if (!resumed) {
      archive.runs.finish(
        run.id,
        'postponed',
        counts as unknown as Record<string, unknown>,
        message,
      );
    } else {
      saveStats(true);
    }
    return { source: source.id, runId: run.id, status: 'postponed', resumed, counts, message };
  }
  const rules: RobotsRules = robots;
  const delayMs = Math.max(settings.delayMs, (rules.crawlDelaySec ?? 0) * 1000);
  log.debug(
    {
      robots: robots.status,
      crawlDelaySec: robots.crawlDelaySec,
      delayMs,
      concurrency: settings.concurrency,
    },
    'robots.txt read; per-host delay set',
  );

  const limits = {
    maxPages: Math.min(options.maxPages ?? Number.POSITIVE_INFINITY, source.maxPages),
    since: options.since,
  };
  const backfillDone = new Map(
    langs.map((l) => [l, archive.runs.state(source.id, l).backfillDone]),
  );
  const reachedEnd = new Set<string>();
  const listingFailed = new Set<string>();
  /** Languages with at least one listing page read. */
  const listingOk = new Set<string>();

  const config = new Configuration({
    storageClient: options.storage,
    purgeOnStart: false,
    persistStateIntervalMillis: 3_600_000,
  });
  const queue = await RequestQueue.open(`run-${run.id}`, { config });
  options.storage.requestQueue(queue.id).releaseAllLocks();

  const toRequest = (page: PageRequest, data: RequestData) => ({
    url: page.url,
    uniqueKey: page.uniqueKey,
    method: page.method,
    ...(page.payload !== undefined ? { payload: page.payload } : {}),
    ...(page.headers ? { headers: page.headers } : {}),
    userData: data,
  });

  const allowed = (url: string, lang: string) => {
    if (rules.isAllowed(url)) return true;
    fail('ROBOTS_DISALLOWED', `robots.txt disallows ${url}`, { lang, url, level: 'info' });
    return false;
  };

  const pauses = new HostPauses();
  const host = new URL(source.baseUrl).host;

  const archiveResponse = (
    context: Ctx,
    kind: ResponseKind,
    lang: string,
    body: Buffer,
    decoded?: { charset: string; source: string; damaged: boolean },
  ) => {
    const { request, response } = context;
    return archive.responses.save({
      source: source.id,
      lang,
      requestKey: request.uniqueKey,
      kind,
      url: request.url,
      finalUrl: request.loadedUrl ?? request.url,
      status: response.statusCode ?? 0,
      headers: keptHeaders(response.headers),
      body,
      ...(decoded
        ? { charset: decoded.charset, charsetSource: decoded.source, damaged: decoded.damaged }
        : {}),
      hash: sha256(body),
      fetchedAt: new Date().toISOString(),
    });
  };

  /** A charset that lied, or none declared at all: decoded anyway, but worth a line in the log. */
  const reportCharset = (decoded: Decoded, url: string, lang: string) => {
    if (decoded.damaged) return; // reported as CHARSET_DAMAGED
    if (decoded.mismatch) {
      fail('CHARSET_MISMATCH', `${url}: ${decoded.note}`, { lang, url, level: 'info' });
    } else if (decoded.source === 'detected' && source.kind !== 'json') {
      fail(
        'CHARSET_UNDECLARED',
        `${url}: no charset in the header or the page; detected ${decoded.charset}`,
        { lang, url, level: 'info' },
      );
    }
  };

  const handleListing = async (
    context: Ctx,
    data: RequestData,
    body: Buffer,
    notModified: boolean,
  ) => {
    const { request, response } = context;
    const kind: ResponseKind =
      source.kind === 'html' ? 'listing' : source.kind === 'feed' ? 'feed' : 'api';
    const contentType = String(response.headers['content-type'] ?? '');
    const decoded = decodeBody(
      body,
      source.kind === 'json' ? contentType || 'application/json' : contentType,
    );
    if (!notModified) archiveResponse(context, kind, data.lang, body, decoded);
    reportCharset(decoded, request.url, data.lang);
    if (decoded.damaged) {
      listingFailed.add(data.lang);
      throw new FinalCrawlError(
        'CHARSET_DAMAGED',
        `${request.url}: the listing is damaged (${decoded.note}); its links are not followed`,
      );
    }
    const pageUrl = request.loadedUrl ?? request.url;
    const parsed = parseListing(source, data.lang, pageUrl, decoded.text);
    listingOk.add(data.lang);
    for (const problem of parsed.problems)
      fail(problem.code, `${request.url}: ${problem.message}`, {
        lang: data.lang,
        url: request.url,
      });

    const since = limits.since?.toISOString().slice(0, 10);
    const isOld = (item: ListingItem) =>
      since !== undefined && item.date !== undefined && item.date.slice(0, 10) < since;
    const wanted = parsed.items.filter((item) => !isOld(item));
    let fresh = 0;
    const fetchedAt = new Date().toISOString();
    if (source.kind === 'html') {
      const known = archive.items.known(
        source.id,
        wanted.map((i) => i.url),
      );
      const toFetch = wanted.filter((i) => !known.has(i.url) && allowed(i.url, data.lang));
      fresh = toFetch.length;
      if (toFetch.length > 0) {
        await crawler.addRequests(
          toFetch.map((item) =>
            toRequest(
              { url: item.url, method: 'GET', uniqueKey: item.url },
              { kind: 'item', lang: data.lang, page: data.page, quiet: 0 },
            ),
          ),
          { waitForAllRequestsToBeAdded: true },
        );
      }
    } else {
      archive.transaction(() => {
        for (const item of wanted) {
          const change = archive.items.upsert({
            source: source.id,
            url: item.url,
            lang: data.lang,
            format: item.format,
            text: item.text ?? '',
            hash: sha256(item.text ?? ''),
            fetchedAt,
          });
          if (change === 'new') counts.itemsNew++;
          else if (change === 'changed') counts.itemsChanged++;
          else counts.itemsUnchanged++;
          if (change !== 'unchanged') fresh++;
        }
      });
    }

    const signature = sha256(parsed.items.map((i) => i.url).join('\n'));
    const repeatOf = archive.runs.recordPage(
      run.id,
      data.lang,
      data.page,
      signature,
      parsed.items.length,
      fresh,
    );
    const stop = (why: string, end = false) => {
      if (end) reachedEnd.add(data.lang);
      log.debug({ lang: data.lang, page: data.page, why }, 'listing paging stops');
    };
    if (repeatOf !== undefined && parsed.items.length > 0) {
      listingFailed.add(data.lang);
      fail(
        'LISTING_REPEATS',
        `${request.url}: page ${data.page + 1} repeats page ${repeatOf + 1}; paging stops`,
        { lang: data.lang, url: request.url },
      );
      return;
    }
    const count = parsed.pageCount;
    if (parsed.last || (count !== undefined && data.page + 1 >= count))
      return stop('last page', true);
    if (data.page + 1 >= limits.maxPages) return stop('max pages');
    if (since && parsed.items.length > 0 && wanted.length === 0) return stop('older than --since');
    const quiet = fresh === 0 ? data.quiet + 1 : 0;
    if (backfillDone.get(data.lang) && quiet > source.lookBackPages) return stop('nothing new');
    const next = pageRequest(source, data.lang, data.page + 1);
    if (!allowed(next.url, data.lang)) return stop('robots');
    await crawler.addRequests(
      [toRequest(next, { kind: 'listing', lang: data.lang, page: data.page + 1, quiet })],
      {
        waitForAllRequestsToBeAdded: true,
      },
    );
  };

  const handleItem = (context: Ctx, data: RequestData, body: Buffer) => {
    const { request, response } = context;
    const decoded = decodeBody(body, String(response.headers['content-type'] ?? ''));
    archive.transaction(() => {
      const stored = archiveResponse(context, 'item', data.lang, body, decoded);
      reportCharset(decoded, request.url, data.lang);
      if (decoded.damaged) {
        archive.items.mark(source.id, request.url, {
          lang: data.lang,
          format: 'html',
          state: 'damaged',
          code: 'CHARSET_DAMAGED',
          message: decoded.note ?? 'damaged text',
          responseId: stored.id,
        });
        fail(
          'CHARSET_DAMAGED',
          `${request.url}: the page is damaged (${decoded.note}); not indexed`,
          { lang: data.lang, url: request.url },
        );
        return;
      }
      const change = archive.items.upsert({
        source: source.id,
        url: request.url,
        lang: data.lang,
        format: 'html',
        text: null, // the archived body, decoded with the charset stored beside it
        hash: sha256(body),
        responseId: stored.id,
        finalUrl: request.loadedUrl ?? request.url,
        fetchedAt: new Date().toISOString(),
      });
      if (change === 'new') counts.itemsNew++;
      else if (change === 'changed') counts.itemsChanged++;
      else counts.itemsUnchanged++;
    });
  };

  const crawler = new HttpCrawler(
    {
      requestQueue: queue,
      httpClient: client,
      useSessionPool: false,
      persistCookiesPerSession: false,
      maxRequestRetries: settings.maxRetries,
      minConcurrency: settings.concurrency,
      maxConcurrency: settings.concurrency,
      sameDomainDelaySecs: delayMs / 1000,
      navigationTimeoutSecs:
        Math.ceil((settings.connectTimeoutMs + settings.readTimeoutMs) / 1000) + 5,
      requestHandlerTimeoutSecs: Math.ceil(settings.maxRetryAfterMs / 1000) + 60,
      forceResponseEncoding: 'utf-8',
      additionalMimeTypes: ['application/rss+xml', 'application/atom+xml', 'text/plain'],
      ignoreHttpErrorStatusCodes: SERVER_ERRORS,
      statusMessageLoggingInterval: 3600,
      statisticsOptions: { logIntervalSecs: 3600 },
      autoscaledPoolOptions: {
        desiredConcurrency: settings.concurrency,
        maybeRunIntervalSecs: 0.02,
        loggingIntervalSecs: null,
      },
      preNavigationHooks: [
        async (context, gotOptions) => {
          const data = context.request.userData as RequestData;
          const wait = Math.max((data.notBefore ?? 0) - Date.now(), pauses.remaining(host));
          if (wait > 0) await sleep(wait, options.signal);
          if (data.kind === 'listing' && context.request.method === 'GET') {
            const previous = archive.responses.get(context.request.uniqueKey);
            if (previous?.status === 200 && previous.body) {
              const conditional: Record<string, string> = {};
              if (previous.etag) conditional['if-none-match'] = previous.etag;
              else if (previous.lastModified)
                conditional['if-modified-since'] = previous.lastModified;
              gotOptions.headers = { ...gotOptions.headers, ...conditional };
            }
          }
        },
      ],
      requestHandler: async (context) => {
        const { request, response } = context;
        const data = request.userData as RequestData;
        const status = response.statusCode ?? 0;
        const body = Buffer.isBuffer(context.body) ? context.body : Buffer.from(context.body);
        counts.pages++;
        if (status === 429 || status === 503) {
          const retryAfterMs = parseRetryAfter(
            response.headers['retry-after'] as string | undefined,
          );
          throw new CrawlError(
            'RATE_LIMITED',
            `${request.url} answered ${status}${retryAfterMs !== undefined ? ` (Retry-After ${Math.round(retryAfterMs / 1000)} s)` : ''}`,
            { status, retryAfterMs },
          );
        }
        if (status >= 500) {
          throw new CrawlError('HTTP_ERROR', `${request.url} answered ${status}`, { status });
        }
        if (status === 304 && data.kind === 'listing') {
          counts.notModified++;
          archive.responses.touch(request.uniqueKey, new Date().toISOString());
          const previous = archive.responses.get(request.uniqueKey);
          await handleListing(context, data, previous?.body ?? Buffer.alloc(0), true);
        } else if (status === 404 || status === 410) {
          if (data.kind === 'item') {
            archiveResponse(context, 'item', data.lang, body);
            archive.items.mark(source.id, request.url, {
              lang: data.lang,
              format: 'html',
              state: 'gone',
              code: 'ITEM_GONE',
              message: `answered ${status}`,
            });
            fail('ITEM_GONE', `${request.url} answered ${status}`, {
              lang: data.lang,
              url: request.url,
            });
          } else if (data.page > 0) {
            reachedEnd.add(data.lang);
            log.debug(
              { lang: data.lang, page: data.page },
              `listing page answered ${status}: end of listing`,
            );
          } else {
            listingFailed.add(data.lang);
            throw new FinalCrawlError('HTTP_ERROR', `${request.url} answered ${status}`, {
              status,
            });
          }
        } else if (status < 200 || status >= 300) {
          if (data.kind === 'listing') listingFailed.add(data.lang);
          throw new FinalCrawlError('HTTP_ERROR', `${request.url} answered ${status}`, { status });
        } else if (data.kind === 'listing') {
          await handleListing(context, data, body, false);
        } else {
          handleItem(context, data, body);
        }
        saveStats();
        progress();
      },
      errorHandler: async (context, error) => {
        const { request } = context;
        const data = request.userData as RequestData;
        const retryAfterMs = (error as CrawlError).retryAfterMs;
        if (retryAfterMs !== undefined) {
          if (retryAfterMs > settings.maxRetryAfterMs) {
            request.noRetry = true;
            return;
          }
          pauses.pause(host, retryAfterMs);
        }
        const delay = Math.max(
          retryAfterMs ?? 0,
          backoffDelay(request.retryCount + 1, {
            baseMs: settings.backoffBaseMs,
            maxMs: settings.backoffMaxMs,
          }),
        );
        data.notBefore = Date.now() + delay;
        log.debug(
          {
            url: request.url,
            code: crawlErrorCode(error),
            retry: request.retryCount + 1,
            delayMs: delay,
          },
          `retrying: ${errorMessage(error)}`,
        );
      },
      failedRequestHandler: async (context, error) => {
        const { request } = context;
        const data = request.userData as RequestData;
        const code = crawlErrorCode(error);
        if (data.kind === 'item') {
          archive.items.mark(source.id, request.url, {
            lang: data.lang,
            format: 'html',
            state: 'failed',
            code,
            message: errorMessage(error),
          });
        } else {
          listingFailed.add(data.lang);
        }
        const tries = request.retryCount + 1;
        fail(code, `${errorMessage(error)}${tries > 1 ? ` (after ${tries} tries)` : ''}`, {
          lang: data.lang,
          url: request.url,
        });
      },
    },
    config,
  );

  const abort = () => {
    crawler.stop('stopping: the service is shutting down');
  };
  options.signal?.addEventListener('abort', abort, { once: true });
  const starts = langs
    .map((lang) => ({ lang, page: pageRequest(source, lang, 0) }))
    .filter(({ lang, page }) => allowed(page.url, lang))
    .map(({ lang, page }) => toRequest(page, { kind: 'listing', lang, page: 0, quiet: 0 }));
  try {
    if (starts.length > 0 && !options.signal?.aborted) await crawler.run(starts);
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }

  if (options.signal?.aborted) {
    saveStats(true);
    return {
      source: source.id,
      runId: run.id,
      status: 'stopped',
      resumed,
      counts,
      message: 'stopped; the next crawl resumes it',
    };
  }
  for (const lang of langs) {
    const succeeded = listingOk.has(lang) && !listingFailed.has(lang);
    archive.runs.updateState(source.id, lang, {
      runId: run.id,
      succeeded,
      backfillDone: reachedEnd.has(lang) && !listingFailed.has(lang),
    });
  }
  const anyOk = langs.some((l) => listingOk.has(l));
  const status: SourceStatus = anyOk ? 'completed' : 'failed';
  const message = anyOk
    ? undefined
    : starts.length === 0
      ? 'robots.txt disallows every start URL'
      : 'no listing of this source could be read';
  archive.runs.finish(run.id, status, counts as unknown as Record<string, unknown>, message);
  await queue.drop();
  return {
    source: source.id,
    runId: run.id,
    status,
    resumed,
    counts,
    ...(message ? { message } : {}),
  };
}
