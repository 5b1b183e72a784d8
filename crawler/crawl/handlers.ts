/**
 * The label handlers of a crawl: `listing` (listing pages, feeds, API pages:
 * archived, parsed, their items queued or archived, paging decided) and
 * `item` (item pages: archived with their bytes). Each answers the statuses
 * its kind of page can have; server trouble (429, 5xx) is thrown for the
 * retry policy of the engine.
 */
import type { IncomingMessage } from 'node:http';
import type { Request } from '@crawlee/cheerio';
import type { Archive } from '../../src/archive/archive.js';
import type { ResponseKind, StoredResponse } from '../../src/archive/responses.js';
import type { Logger } from '../../src/log.js';
import { extractPdf, PdfError, pdfItemText } from '../normalize/pdf.js';
import type { SourceDefinition } from '../sources/schema.js';
import {
  getRequest,
  type ListingItem,
  type PageRequest,
  type ParsedListing,
  pageRequest,
  parseListing,
  sha256,
} from './adapters.js';
import { type Decoded, damageCount, decodeBody } from './decode.js';
import { CrawlError, FinalCrawlError } from './errors.js';
import { nextListingStep } from './listing-step.js';
import { parseRetryAfter } from './politeness.js';
import type { RobotsRules } from './robots.js';
import { gunzipIfNeeded } from './sitemap.js';
import type { RunStats } from './stats.js';

export type Label = 'listing' | 'item';

export interface RequestData {
  kind: Label;
  lang: string;
  /** Listing page index, 0 = start URL. */
  page: number;
  /** Listing pages in a row (up to this one) that brought nothing new. */
  quiet: number;
  /** For items: the title the listing showed (a PDF without a title of its own takes it). */
  title?: string;
}

/** Conditional headers from the archived answer to the same request, when it has one to compare. */
export function conditionalHeaders(
  archive: Archive,
  requestKey: string,
): Record<string, string> | undefined {
  const previous = archive.responses.validators(requestKey);
  if (previous?.status !== 200 || !previous.hasBody) return undefined;
  if (previous.etag) return { 'if-none-match': previous.etag };
  if (previous.lastModified) return { 'if-modified-since': previous.lastModified };
  return undefined;
}

/** What the handlers need of Crawlee's crawling context. */
export interface PageContext {
  request: Request;
  response: IncomingMessage;
  body: string | Buffer;
}

/** Per language: whether its listing was read, failed, or reached its end in this run. */
export class LanguageProgress {
  private readonly read = new Set<string>();
  private readonly failed = new Set<string>();
  private readonly ended = new Set<string>();

  constructor(private readonly backfill: ReadonlyMap<string, boolean>) {}

  markRead(lang: string): void {
    this.read.add(lang);
  }
  markFailed(lang: string): void {
    this.failed.add(lang);
  }
  markEnded(lang: string): void {
    this.ended.add(lang);
  }
  /** The language was read to its end in an earlier run. */
  backfillDone(lang: string): boolean {
    return this.backfill.get(lang) === true;
  }
  wasRead(lang: string): boolean {
    return this.read.has(lang);
  }
  succeeded(lang: string): boolean {
    return this.read.has(lang) && !this.failed.has(lang);
  }
  reachedEnd(lang: string): boolean {
    return this.ended.has(lang) && !this.failed.has(lang);
  }
}

export interface CrawlContext {
  archive: Archive;
  source: SourceDefinition;
  stats: RunStats;
  /** Largest response accepted, also once a gzipped listing is unpacked. */
  maxBytes: number;
  /** robots.txt rules of the source's origin. */
  rules: RobotsRules;
  /** itemsLeft: how many more items this run may take (sources check takes a few). */
  limits: { maxPages: number; itemsLeft: number; since?: Date | undefined };
  /** Archived items fetched before this time (ISO 8601) are re-checked when listed again. */
  recheckBefore: string | undefined;
  languages: LanguageProgress;
  log: Logger;
  /** Adds requests to the run's queue; tells how many were not in it yet. */
  enqueue(requests: QueuedRequest[]): Promise<number>;
}

export interface QueuedRequest {
  url: string;
  uniqueKey: string;
  method: 'GET' | 'POST';
  payload?: string;
  headers?: Record<string, string>;
  label: Label;
  userData: RequestData;
}

export function queuedRequest(page: PageRequest, data: RequestData): QueuedRequest {
  return {
    url: page.url,
    uniqueKey: page.uniqueKey,
    method: page.method,
    ...(page.payload !== undefined ? { payload: page.payload } : {}),
    ...(page.headers ? { headers: page.headers } : {}),
    label: data.kind,
    userData: data,
  };
}

/** Whether robots.txt lets us fetch a URL; a refusal is counted (ROBOTS_DISALLOWED). */
export function allowedByRobots(crawl: CrawlContext, url: string, lang: string): boolean {
  if (crawl.rules.isAllowed(url)) return true;
  crawl.stats.problem('ROBOTS_DISALLOWED', `robots.txt disallows ${url}`, {
    lang,
    url,
    level: 'info',
  });
  return false;
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

function bodyOf(context: PageContext): Buffer {
  return Buffer.isBuffer(context.body) ? context.body : Buffer.from(context.body);
}

function archiveResponse(
  crawl: CrawlContext,
  context: PageContext,
  kind: ResponseKind,
  lang: string,
  body: Buffer,
  decoded?: Decoded,
) {
  const { request, response } = context;
  return crawl.archive.responses.save({
    source: crawl.source.id,
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
}

/** A charset that lied, or none declared at all: decoded anyway, but worth a line in the log. */
function reportCharset(crawl: CrawlContext, decoded: Decoded, url: string, lang: string): void {
  if (decoded.damaged) return; // reported as CHARSET_DAMAGED
  if (decoded.mismatch) {
    crawl.stats.problem('CHARSET_MISMATCH', `${url}: ${decoded.note}`, {
      lang,
      url,
      level: 'info',
    });
  } else if (decoded.source === 'detected' && crawl.source.kind !== 'json') {
    crawl.stats.problem(
      'CHARSET_UNDECLARED',
      `${url}: no charset in the header or the page; detected ${decoded.charset}`,
      { lang, url, level: 'info' },
    );
  }
}

/** 429 and 503 (with their Retry-After) and other 5xx: thrown, so the request is retried later. */
function rejectServerTrouble(context: PageContext): void {
  const { request, response } = context;
  const status = response.statusCode ?? 0;
  const host = new URL(request.loadedUrl ?? request.url).host;
  if (status === 429 || status === 503) {
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'] as string | undefined);
    throw new CrawlError(
      'RATE_LIMITED',
      `${request.url} answered ${status}${retryAfterMs !== undefined ? ` (Retry-After ${Math.round(retryAfterMs / 1000)} s)` : ''}`,
      { status, retryAfterMs, host },
    );
  }
  if (status >= 500) {
    throw new CrawlError('HTTP_ERROR', `${request.url} answered ${status}`, { status, host });
  }
}

// ---- listings -----------------------------------------------------------------------------

function listingKind(source: SourceDefinition): ResponseKind {
  return source.kind === 'html' ? 'listing' : source.kind === 'json' ? 'api' : source.kind;
}

/** The content type to decode a listing with: a 304 has none of its own, the stored answer has. */
function listingContentType(
  source: SourceDefinition,
  headers: Record<string, string | string[] | undefined>,
): string {
  const contentType = String(headers['content-type'] ?? '');
  if (source.kind === 'json') return contentType || 'application/json';
  if (source.kind === 'sitemap' && !/xml/i.test(contentType)) return 'application/xml';
  return contentType;
}

/**
 * A listing is read for its links. When its text is damaged (bytes broken
 * before they were served, a charset that lied) its links are still followed
 * as long as the entries themselves are intact, the damage being in the
 * page's chrome (mfa.gov.by's Cyrillic menus), and the page says so
 * (LISTING_TEXT_DAMAGED); every item is judged on its own page. A listing
 * whose entries are damaged is not followed (CHARSET_DAMAGED).
 */
/** The items a run may still take, counted off its budget (all of them, unless a check limits it). */
function takeItems(crawl: CrawlContext, items: ListingItem[]): ListingItem[] {
  if (crawl.limits.itemsLeft >= items.length) {
    crawl.limits.itemsLeft -= items.length;
    return items;
  }
  const taken = items.slice(0, Math.max(0, crawl.limits.itemsLeft));
  crawl.limits.itemsLeft = 0;
  return taken;
}

function readDamagedListing(
  crawl: CrawlContext,
  url: string,
  lang: string,
  decoded: Decoded,
  parse: () => ParsedListing,
): ParsedListing {
  if (!decoded.damaged) return parse();
  let parsed: ParsedListing | undefined;
  try {
    parsed = parse();
  } catch {
    parsed = undefined;
  }
  const entries = parsed?.items.map((i) => `${i.url}\n${i.title ?? ''}`).join('\n') ?? '';
  if (!parsed || parsed.items.length === 0 || damageCount(entries) > 0) {
    crawl.languages.markFailed(lang);
    throw new FinalCrawlError(
      'CHARSET_DAMAGED',
      `${url}: the listing is damaged (${decoded.note}); its links are not followed`,
    );
  }
  crawl.stats.problem(
    'LISTING_TEXT_DAMAGED',
    `${url}: the page's text is damaged (${decoded.note}) but its ${parsed.items.length} entries are intact; they are followed`,
    { lang, url, level: 'info' },
  );
  return parsed;
}

async function readListing(
  crawl: CrawlContext,
  context: PageContext,
  data: RequestData,
  body: Buffer,
  stored: StoredResponse | undefined,
): Promise<void> {
  const { source, archive, stats } = crawl;
  const { request, response } = context;
  const notModified = stored !== undefined;
  // Sitemaps (and the odd feed) come gzipped without Content-Encoding: unpacked within the size limit.
  const decoded = decodeBody(
    gunzipIfNeeded(body, crawl.maxBytes),
    listingContentType(source, notModified ? stored.headers : response.headers),
  );
  if (!notModified) archiveResponse(crawl, context, listingKind(source), data.lang, body, decoded);
  reportCharset(crawl, decoded, request.url, data.lang);
  const pageUrl = (notModified ? stored.finalUrl : undefined) ?? request.loadedUrl ?? request.url;
  const parsed = readDamagedListing(crawl, request.url, data.lang, decoded, () =>
    parseListing(source, data.lang, pageUrl, decoded.text),
  );
  crawl.languages.markRead(data.lang);
  for (const problem of parsed.problems) {
    stats.problem(problem.code, `${request.url}: ${problem.message}`, {
      lang: data.lang,
      url: request.url,
    });
  }

  const since = crawl.limits.since?.toISOString().slice(0, 10);
  const isOld = (item: ListingItem) =>
    since !== undefined && item.date !== undefined && item.date.slice(0, 10) < since;
  const wanted = takeItems(
    crawl,
    parsed.items.filter((item) => !isOld(item)),
  );
  let fresh = 0;
  // Items without their text in the listing are pages to fetch; the others are archived here.
  const pages = wanted.filter((item) => item.text === undefined);
  const inline = wanted.filter((item) => item.text !== undefined);
  if (pages.length > 0) {
    const urls = pages.map((i) => i.url);
    const known = archive.items.known(source.id, urls);
    const stale =
      crawl.recheckBefore !== undefined
        ? archive.items.stale(source.id, urls, crawl.recheckBefore)
        : new Set<string>();
    const toFetch = pages.filter(
      (i) => !known.has(i.url) && allowedByRobots(crawl, i.url, data.lang),
    );
    // Archived items listed again are re-checked now and then (a conditional request): a
    // correction is picked up, a page that answers 404/410 withdraws its release.
    const toRecheck = pages.filter(
      (i) => stale.has(i.url) && allowedByRobots(crawl, i.url, data.lang),
    );
    fresh = toFetch.length;
    const itemRequests = (items: ListingItem[]) =>
      items.map((item) =>
        queuedRequest(
          { url: item.url, method: 'GET', uniqueKey: item.url },
          {
            kind: 'item',
            lang: data.lang,
            page: data.page,
            quiet: 0,
            ...(item.title ? { title: item.title } : {}),
          },
        ),
      );
    if (toFetch.length > 0) await crawl.enqueue(itemRequests(toFetch));
    if (toRecheck.length > 0) {
      const added = await crawl.enqueue(itemRequests(toRecheck));
      if (added > 0) stats.add('itemsRechecked', added);
    }
  }
  if (inline.length > 0) {
    // Feed and API items are whole in the listing: archived from it, nothing more to fetch.
    const fetchedAt = new Date().toISOString();
    archive.transaction(() => {
      for (const item of inline) {
        const change = archive.items.upsert({
          source: source.id,
          url: item.url,
          lang: data.lang,
          format: item.format === 'feed-item' ? 'feed-item' : 'json',
          text: item.text ?? '',
          hash: sha256(item.text ?? ''),
          fetchedAt,
        });
        stats.item(change);
        if (change !== 'unchanged') fresh++;
      }
    });
  }

  const repeatOf = archive.runs.recordPage(
    stats.runId,
    data.lang,
    data.page,
    sha256(parsed.items.map((i) => i.url).join('\n')),
    parsed.items.length,
    fresh,
  );
  const step = nextListingStep(
    {
      page: data.page,
      items: parsed.items.length,
      wanted: wanted.length,
      // A sitemap index lists sitemaps, not items: each one it lists is worth reading.
      fresh: parsed.items.length === 0 && parsed.next ? parsed.next.length : fresh,
      repeatOf,
      last: parsed.last,
      pageCount: parsed.pageCount,
      quiet: data.quiet,
    },
    {
      maxPages: crawl.limits.maxPages,
      since: since !== undefined,
      backfillDone: crawl.languages.backfillDone(data.lang),
      lookBackPages: source.lookBackPages,
    },
  );
  if (step.action === 'repeats') {
    crawl.languages.markFailed(data.lang);
    stats.problem(
      'LISTING_REPEATS',
      `${request.url}: page ${data.page + 1} repeats page ${step.of + 1}; paging stops`,
      { lang: data.lang, url: request.url },
    );
    return;
  }
  if (step.action === 'stop') {
    if (step.end) crawl.languages.markEnded(data.lang);
    crawl.log.debug({ lang: data.lang, page: data.page, why: step.reason }, 'listing paging stops');
    return;
  }
  if (crawl.limits.itemsLeft <= 0) {
    crawl.log.debug(
      { lang: data.lang, page: data.page, why: 'item limit' },
      'listing paging stops',
    );
    return;
  }
  // The pages the page names (a next link, a sitemap index), else the source's numbered paging.
  const next = (parsed.next ?? []).map(getRequest);
  if (next.length === 0) next.push(pageRequest(source, data.lang, step.page));
  const allowed = next.filter((page) => allowedByRobots(crawl, page.url, data.lang));
  if (allowed.length === 0) {
    crawl.log.debug({ lang: data.lang, page: data.page, why: 'robots' }, 'listing paging stops');
    return;
  }
  await crawl.enqueue(
    allowed.map((page) =>
      queuedRequest(page, {
        kind: 'listing',
        lang: data.lang,
        page: step.page,
        quiet: step.quiet,
      }),
    ),
  );
}

export function listingHandler(crawl: CrawlContext) {
  return async (context: PageContext): Promise<void> => {
    const { request, response } = context;
    const data = request.userData as RequestData;
    const status = response.statusCode ?? 0;
    crawl.stats.add('pages');
    rejectServerTrouble(context);
    if (status === 304) {
      crawl.stats.add('notModified');
      crawl.archive.responses.touch(request.uniqueKey, new Date().toISOString());
      const stored = crawl.archive.responses.get(request.uniqueKey);
      if (!stored?.body) {
        crawl.languages.markFailed(data.lang);
        throw new FinalCrawlError(
          'HTTP_ERROR',
          `${request.url} answered 304 but the archive holds no earlier answer`,
          { status },
        );
      }
      await readListing(crawl, context, data, stored.body, stored);
    } else if (status === 404 || status === 410) {
      if (data.page === 0) {
        crawl.languages.markFailed(data.lang);
        throw new FinalCrawlError('HTTP_ERROR', `${request.url} answered ${status}`, { status });
      }
      crawl.languages.markEnded(data.lang);
      crawl.log.debug(
        { lang: data.lang, page: data.page },
        `listing page answered ${status}: end of listing`,
      );
    } else if (status < 200 || status >= 300) {
      crawl.languages.markFailed(data.lang);
      throw new FinalCrawlError('HTTP_ERROR', `${request.url} answered ${status}`, { status });
    } else {
      await readListing(crawl, context, data, bodyOf(context), undefined);
    }
    crawl.stats.changed();
  };
}

// ---- items --------------------------------------------------------------------------------

/**
 * A fetched item page archived with its response: as its text (null: the
 * archived body, decoded with the charset stored beside it), or, when it
 * cannot be read, as damaged with the code that says why (not indexed).
 */
function storeItem(
  crawl: CrawlContext,
  context: PageContext,
  data: RequestData,
  body: Buffer,
  read:
    | { format: 'html' | 'pdf'; text: string | null; decoded?: Decoded }
    | { format: 'html' | 'pdf'; damaged: { code: string; note: string } },
): void {
  const { archive, source, stats } = crawl;
  const { request } = context;
  archive.transaction(() => {
    const decoded = 'decoded' in read ? read.decoded : undefined;
    const stored = archiveResponse(crawl, context, 'item', data.lang, body, decoded);
    if (decoded) reportCharset(crawl, decoded, request.url, data.lang);
    if ('damaged' in read) {
      archive.items.mark(source.id, request.url, {
        lang: data.lang,
        format: read.format,
        state: 'damaged',
        code: read.damaged.code,
        message: read.damaged.note,
        responseId: stored.id,
      });
      stats.problem(read.damaged.code, `${request.url}: ${read.damaged.note}; not indexed`, {
        lang: data.lang,
        url: request.url,
      });
      return;
    }
    const change = archive.items.upsert({
      source: source.id,
      url: request.url,
      lang: data.lang,
      format: read.format,
      text: read.text,
      hash: sha256(body),
      responseId: stored.id,
      finalUrl: request.loadedUrl ?? request.url,
      fetchedAt: new Date().toISOString(),
    });
    stats.item(change);
  });
}

function archiveItem(crawl: CrawlContext, context: PageContext, data: RequestData): void {
  const body = bodyOf(context);
  const decoded = decodeBody(body, String(context.response.headers['content-type'] ?? ''));
  storeItem(
    crawl,
    context,
    data,
    body,
    decoded.damaged
      ? {
          format: 'html',
          damaged: {
            code: 'CHARSET_DAMAGED',
            note: `the page is damaged (${decoded.note ?? 'damaged text'})`,
          },
        }
      : { format: 'html', text: null, decoded },
  );
}

export function itemHandler(crawl: CrawlContext) {
  return async (context: PageContext): Promise<void> => {
    const { request, response } = context;
    const data = request.userData as RequestData;
    const status = response.statusCode ?? 0;
    const { archive, source, stats } = crawl;
    crawl.stats.add('pages');
    rejectServerTrouble(context);
    if (status === 404 || status === 410) {
      itemGone(crawl, context, data, status);
    } else if (status === 304) {
      // A re-check: the archived page is still current (and a withdrawn one is back).
      const at = new Date().toISOString();
      archive.transaction(() => {
        archive.responses.touch(request.uniqueKey, at);
        archive.items.touch(source.id, request.url, at);
        stats.add('notModified');
        stats.add('itemsUnchanged');
      });
    } else if (status < 200 || status >= 300) {
      throw new FinalCrawlError('HTTP_ERROR', `${request.url} answered ${status}`, { status });
    } else if (isPdf(context)) {
      await archivePdfItem(crawl, context, data);
    } else {
      archiveItem(crawl, context, data);
    }
    crawl.stats.changed();
  };
}

function isPdf(context: PageContext): boolean {
  const type = String(context.response.headers['content-type'] ?? '');
  return (
    /application\/pdf/i.test(type) || bodyOf(context).subarray(0, 5).toString('latin1') === '%PDF-'
  );
}

/**
 * A PDF item: its text is extracted now (once; normalizing stays pure) and
 * archived as the item's text, with the page count and the titles the
 * document and the listing give, beside the PDF's own bytes. A PDF that
 * cannot be read is kept as damaged (INVALID_PDF); one without a text layer
 * is archived all the same and its normalization says so.
 */
async function archivePdfItem(crawl: CrawlContext, context: PageContext, data: RequestData) {
  const body = bodyOf(context);
  try {
    const text = pdfItemText(await extractPdf(body), data.title);
    storeItem(crawl, context, data, body, { format: 'pdf', text });
  } catch (error) {
    if (!(error instanceof PdfError)) throw error;
    storeItem(crawl, context, data, body, {
      format: 'pdf',
      damaged: { code: 'INVALID_PDF', note: error.message },
    });
  }
}

/**
 * 404 or 410: an item never archived is gone; one whose page made a release
 * is a withdrawal — the release stays in the archive, marked withdrawn with
 * the time, and leaves the index; the archived page is kept as it was.
 */
function itemGone(crawl: CrawlContext, context: PageContext, data: RequestData, status: number) {
  const { archive, source, stats } = crawl;
  const { request } = context;
  const message = `${request.url} answered ${status}`;
  const previous = archive.items.get(source.id, request.url);
  if (previous?.state === 'withdrawn') {
    archive.items.seen(source.id, request.url, new Date().toISOString());
    return;
  }
  archive.transaction(() => {
    const withdrawn = archive.items.withdraw(source.id, request.url, {
      code: 'ITEM_GONE',
      message,
    });
    if (withdrawn) {
      stats.add('releasesWithdrawn');
      stats.problem(
        'WITHDRAWN',
        `${message}: its release is withdrawn (kept in the archive, taken out of search)`,
        { lang: data.lang, url: request.url, level: 'info' },
      );
      return;
    }
    archiveResponse(crawl, context, 'item', data.lang, bodyOf(context));
    archive.items.mark(source.id, request.url, {
      lang: data.lang,
      format: 'html',
      state: 'gone',
      code: 'ITEM_GONE',
      message: `answered ${status}`,
    });
    stats.problem('ITEM_GONE', message, { lang: data.lang, url: request.url });
  });
}
