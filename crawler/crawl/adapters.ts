/**
 * What each kind of source looks like on the wire, as pure functions: the
 * requests that page a listing, and the items found in one listing page
 * (HTML entries, feed entries, sitemap URLs, GraphQL and REST answers).
 * Answers of the wrong shape fail with a stable code and a message naming
 * the field and the value.
 */
import { createHash } from 'node:crypto';
import { load } from 'cheerio';
import { z } from 'zod';
import { valueAtPath } from '../../src/util/json-path.js';
import { describeValue, fieldProblems } from '../../src/util/zod-errors.js';
import type {
  FeedSource,
  HtmlSource,
  JsonSource,
  Paging,
  SitemapSource,
  SourceDefinition,
} from '../sources/schema.js';
import { CrawlError, FinalCrawlError } from './errors.js';
import { parseListingPage } from './html-listing.js';
import { parseJsonAnswer, parseRestAnswer } from './rest-api.js';
import { parseSitemap } from './sitemap.js';

/** html: a page to fetch (HTML or PDF); json and feed-item: the item is in the listing. */
export type ItemFormat = 'html' | 'json' | 'feed-item';

export interface ListingItem {
  /** Public URL of the item (a page to fetch, or the page a JSON/feed item stands for). */
  url: string;
  format: ItemFormat;
  /** The item itself, for JSON and feed items (they need no fetch of their own). */
  text?: string;
  /** Publication date when the listing gives one (ISO 8601 or YYYY-MM-DD), for --since. */
  date?: string;
  /** The title the listing shows (a PDF without a title of its own takes it). */
  title?: string;
}

export interface ItemProblem {
  code: 'INVALID_FEED_ITEM' | 'INVALID_RESPONSE' | 'OFF_SITE_LINK' | 'INVALID_LINK';
  message: string;
}

export interface ParsedListing {
  items: ListingItem[];
  /** Entries that could not be used; the rest of the page still counts. */
  problems: ItemProblem[];
  /** The listing says how many pages it has. */
  pageCount?: number;
  /** This page is the last one. */
  last: boolean;
  /**
   * The pages that follow, when the page names them: a "next" link, an API's
   * next-page URL, the sitemaps a sitemap index lists. Without it, numbered
   * paging (the source's template) applies.
   */
  next?: string[];
}

export interface PageRequest {
  url: string;
  method: 'GET' | 'POST';
  payload?: string;
  headers?: Record<string, string>;
  /** Identity of the request in the queue and the archive. */
  uniqueKey: string;
}

export const sha256 = (data: string | Uint8Array) =>
  createHash('sha256').update(data).digest('hex');

/** The absolute (real, not overridden) URL of a source's start URL for a language. */
export function startUrlOf(source: SourceDefinition, lang: string): string {
  const start = source.startUrls[lang];
  if (!start) throw new Error(`source ${source.id} has no start URL for "${lang}"`);
  return new URL(start, source.baseUrl).toString();
}

/** Numbered paging of a source, when it pages by a URL template. */
function templatePaging(source: SourceDefinition): Paging | undefined {
  const paging =
    source.kind === 'html'
      ? source.listing.paging
      : source.kind === 'feed'
        ? source.feed.paging
        : source.kind === 'json' && source.api.type === 'rest'
          ? source.api.paging
          : undefined;
  return paging?.template !== undefined ? paging : undefined;
}

export function getRequest(url: string): PageRequest {
  return { url, method: 'GET', uniqueKey: url };
}

/** The request for listing page `index` (0 = the start URL) of a language, by numbered paging. */
export function pageRequest(source: SourceDefinition, lang: string, index: number): PageRequest {
  const start = startUrlOf(source, lang);
  if (source.kind === 'json' && source.api.type === 'graphql') {
    const page = source.api.firstPage + index;
    const payload = JSON.stringify({
      query: source.api.query,
      variables: graphqlVariables(source.api, lang, page),
    });
    return {
      url: start,
      method: 'POST',
      payload,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      uniqueKey: `POST ${start} ${lang} page ${page}`,
    };
  }
  const paging = templatePaging(source);
  if (index === 0 || !paging?.template) return getRequest(start);
  const n = (paging.first ?? 2) + index - 1;
  return getRequest(new URL(paging.template.replaceAll('{n}', String(n)), start).toString());
}

type GraphqlApi = Extract<JsonSource['api'], { type: 'graphql' }>;

export function graphqlVariables(
  api: GraphqlApi,
  lang: string,
  page: number,
): Record<string, string | number> {
  const values: Record<string, string | number> = { lang, page, size: api.pageSize };
  return Object.fromEntries(
    Object.entries(api.variables).map(([key, value]) => {
      if (typeof value !== 'string') return [key, value];
      const whole = /^\{(lang|page|size)\}$/.exec(value);
      if (whole) return [key, values[whole[1] as string] as string | number];
      return [
        key,
        value.replace(/\{(lang|page|size)\}/g, (_m, name: string) => String(values[name])),
      ];
    }),
  );
}

// ---- HTML listings ------------------------------------------------------------------------

export function parseHtmlListing(source: HtmlSource, pageUrl: string, html: string): ParsedListing {
  const parsed = parseListingPage(source, pageUrl, html);
  const items = parsed.entries.map((entry): ListingItem => ({ ...entry, format: 'html' }));
  const paging = source.listing.paging;
  // Numbered pages end with an empty page; linked pages with the last link; no paging, at once.
  const last = paging?.template ? items.length === 0 : paging?.next ? !parsed.next : true;
  return {
    items,
    problems: parsed.problems,
    ...(parsed.pageCount ? { pageCount: parsed.pageCount } : {}),
    last,
    ...(parsed.next ? { next: [parsed.next] } : {}),
  };
}

// ---- sitemaps -----------------------------------------------------------------------------

/**
 * A sitemap's pages are items (those matching `itemHref`; with `news`, only
 * entries of the Google News extension); a sitemap index's sitemaps are the
 * next listing pages.
 */
export function parseSitemapListing(source: SitemapSource, xml: string): ParsedListing {
  const parsed = parseSitemap(xml);
  const problems: ItemProblem[] = parsed.problems.map((message) => ({
    code: 'INVALID_RESPONSE',
    message,
  }));
  if (parsed.type === 'sitemapindex') {
    const next = parsed.entries.map((e) => e.loc);
    return { items: [], problems, last: next.length === 0, next };
  }
  const hrefPattern = source.sitemap.itemHref ? new RegExp(source.sitemap.itemHref) : undefined;
  const items: ListingItem[] = [];
  for (const entry of parsed.entries) {
    if (hrefPattern && !hrefPattern.test(entry.loc)) continue;
    if (source.sitemap.news && !entry.news) continue;
    const date = entry.news?.publishedAt ?? entry.lastmod;
    items.push({
      url: entry.loc,
      format: 'html',
      ...(date ? { date } : {}),
      ...(entry.news?.title ? { title: entry.news.title } : {}),
    });
  }
  return { items, problems, last: true };
}

// ---- feeds --------------------------------------------------------------------------------

const feedItemSchema = z.object({
  link: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  title: z.string().trim().min(1, 'must not be empty'),
  published: z
    .string()
    .refine((v) => !Number.isNaN(Date.parse(v)), 'is not a date')
    .optional(),
});

export function parseFeed(source: FeedSource, xml: string): ParsedListing {
  const $ = load(xml, { xml: { xmlMode: true, withStartIndices: true, withEndIndices: true } });
  const root = $('rss > channel, feed, rdf\\:RDF').first();
  if (root.length === 0) {
    throw new FinalCrawlError(
      'INVALID_RESPONSE',
      `not an RSS or Atom feed (root element: ${describeValue($.root().children().first().prop('tagName') ?? '')})`,
    );
  }
  const entries = source.feed.format === 'atom' ? $('entry') : $('item');
  const items: ListingItem[] = [];
  const problems: ItemProblem[] = [];
  entries.each((index, element) => {
    const entry = $(element);
    const atomLink = entry.children('link[rel="alternate"], link:not([rel])').attr('href');
    const candidate = {
      link: (entry.children('link').first().text().trim() || atomLink || '').trim(),
      title: entry.children('title').first().text(),
      published:
        entry.children('pubDate, published, updated, dc\\:date').first().text().trim() || undefined,
    };
    const parsed = feedItemSchema.safeParse(candidate);
    if (!parsed.success) {
      const detail = fieldProblems(parsed.error, candidate)
        .map((p) => `${p.field} = ${describeValue(p.value)}: ${p.message}`)
        .join('; ');
      problems.push({ code: 'INVALID_FEED_ITEM', message: `feed item ${index + 1}: ${detail}` });
      return;
    }
    const start = element.startIndex ?? 0;
    const end = (element.endIndex ?? xml.length - 1) + 1;
    items.push({
      url: parsed.data.link,
      format: 'feed-item',
      text: xml.slice(start, end),
      ...(parsed.data.published ? { date: new Date(parsed.data.published).toISOString() } : {}),
    });
  });
  return { items, problems, last: entries.length === 0 || !source.feed.paging };
}

// ---- JSON APIs ----------------------------------------------------------------------------

const graphqlAnswerSchema = z
  .object({
    data: z.record(z.string(), z.unknown()).nullable().optional(),
    errors: z.array(z.object({ message: z.string() }).loose()).optional(),
  })
  .loose();

const graphqlItemSchema = z
  .object({
    id: z.union([z.string().min(1), z.number()], { error: 'must be a string or a number' }),
    slug: z.string().nullable().optional(),
  })
  .loose();

export function parseGraphqlAnswer(
  source: JsonSource & { api: GraphqlApi },
  lang: string,
  text: string,
): ParsedListing {
  const value = parseJsonAnswer(text, 'GraphQL answer');
  const answer = graphqlAnswerSchema.safeParse(value);
  if (!answer.success) {
    const problem = fieldProblems(answer.error, value)[0];
    throw new FinalCrawlError(
      'INVALID_RESPONSE',
      `GraphQL answer field ${problem?.field} = ${describeValue(problem?.value)}: ${problem?.message}`,
    );
  }
  if (answer.data.errors && answer.data.errors.length > 0) {
    throw new CrawlError(
      'GRAPHQL_ERROR',
      `GraphQL errors: ${answer.data.errors.map((e) => e.message).join('; ')}`,
    );
  }
  const path = `data.${source.api.itemsPath}`;
  const list = valueAtPath(answer.data, path);
  if (!Array.isArray(list)) {
    throw new FinalCrawlError(
      'INVALID_RESPONSE',
      `GraphQL answer field ${path} = ${describeValue(list)}: must be a list of items`,
    );
  }
  const items: ListingItem[] = [];
  const problems: ItemProblem[] = [];
  list.forEach((raw, index) => {
    const parsed = graphqlItemSchema.safeParse(raw);
    if (!parsed.success) {
      const p = fieldProblems(parsed.error, raw)[0];
      problems.push({
        code: 'INVALID_RESPONSE',
        message: `${path}.${index}.${p?.field} = ${describeValue(p?.value)}: ${p?.message}`,
      });
      return;
    }
    const id = String(parsed.data.id);
    const itemPath = source.api.itemUrl
      .replaceAll('{id}', encodeURIComponent(id))
      .replaceAll('{slug}', encodeURIComponent(parsed.data.slug ?? id))
      .replaceAll('{lang}', lang);
    const dateValue = source.api.dateField ? valueAtPath(raw, source.api.dateField) : undefined;
    const date =
      typeof dateValue === 'string' && !Number.isNaN(Date.parse(dateValue))
        ? new Date(dateValue).toISOString()
        : undefined;
    items.push({
      url: new URL(itemPath, source.baseUrl).toString(),
      format: 'json',
      text: JSON.stringify(raw),
      ...(date ? { date } : {}),
    });
  });
  return { items, problems, last: list.length < source.api.pageSize };
}

type RestApi = Extract<JsonSource['api'], { type: 'rest' }>;

function parseRestListing(
  source: JsonSource & { api: RestApi },
  lang: string,
  pageUrl: string,
  text: string,
): ParsedListing {
  const parsed = parseRestAnswer(source, lang, pageUrl, text);
  const items = parsed.entries.map(
    (entry): ListingItem => ({
      url: entry.url,
      format: entry.json === undefined ? 'html' : 'json',
      ...(entry.json !== undefined ? { text: entry.json } : {}),
      ...(entry.date ? { date: entry.date } : {}),
      ...(entry.title ? { title: entry.title } : {}),
    }),
  );
  const last = source.api.nextField ? !parsed.next : source.api.paging ? items.length === 0 : true;
  return {
    items,
    problems: parsed.problems,
    last,
    ...(parsed.next ? { next: [parsed.next] } : {}),
  };
}

const isGraphql = (source: JsonSource): source is JsonSource & { api: GraphqlApi } =>
  source.api.type === 'graphql';
const isRest = (source: JsonSource): source is JsonSource & { api: RestApi } =>
  source.api.type === 'rest';

/** Items of one listing answer, whatever the kind of source. */
export function parseListing(
  source: SourceDefinition,
  lang: string,
  pageUrl: string,
  text: string,
): ParsedListing {
  switch (source.kind) {
    case 'html':
      return parseHtmlListing(source, pageUrl, text);
    case 'feed':
      return parseFeed(source, text);
    case 'sitemap':
      return parseSitemapListing(source, text);
    case 'json':
      if (isGraphql(source)) return parseGraphqlAnswer(source, lang, text);
      if (isRest(source)) return parseRestListing(source, lang, pageUrl, text);
      throw new Error(`source ${source.id}: unknown API type`);
  }
}
