/**
 * What each kind of source looks like on the wire, as pure functions: the
 * requests that page a listing, and the items found in one listing page
 * (HTML links, feed entries, GraphQL answer). Answers of the wrong shape
 * fail with a stable code and a message naming the field and the value.
 */
import { createHash } from 'node:crypto';
import { load } from 'cheerio';
import { z } from 'zod';
import { describeValue, fieldProblems } from '../../src/util/zod-errors.js';
import type { FeedSource, HtmlSource, JsonSource, SourceDefinition } from '../sources/schema.js';
import { CrawlError, FinalCrawlError } from './errors.js';

export type ItemFormat = 'html' | 'json' | 'feed-item';

export interface ListingItem {
  /** Public URL of the item (an HTML page to fetch, or the page a JSON/feed item stands for). */
  url: string;
  format: ItemFormat;
  /** The item itself, for JSON and feed items (they need no fetch of their own). */
  text?: string;
  /** Publication date when the listing gives one (ISO 8601), for --since. */
  date?: string;
}

export interface ItemProblem {
  code: 'INVALID_FEED_ITEM' | 'INVALID_RESPONSE';
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

/** The request for listing page `index` (0 = the start URL) of a language. */
export function pageRequest(source: SourceDefinition, lang: string, index: number): PageRequest {
  const start = startUrlOf(source, lang);
  if (source.kind === 'json') {
    const page = source.api.firstPage + index;
    const payload = JSON.stringify({
      query: source.api.query,
      variables: graphqlVariables(source, lang, page),
    });
    return {
      url: start,
      method: 'POST',
      payload,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      uniqueKey: `POST ${start} ${lang} page ${page}`,
    };
  }
  const paging = source.kind === 'html' ? source.listing.paging : source.feed.paging;
  if (index === 0 || !paging) return { url: start, method: 'GET', uniqueKey: start };
  const n = paging.first + index - 1;
  const url = new URL(paging.template.replaceAll('{n}', String(n)), start).toString();
  return { url, method: 'GET', uniqueKey: url };
}

export function graphqlVariables(
  source: JsonSource,
  lang: string,
  page: number,
): Record<string, string | number> {
  const values: Record<string, string | number> = { lang, page, size: source.api.pageSize };
  return Object.fromEntries(
    Object.entries(source.api.variables).map(([key, value]) => {
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

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function isoDay(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

export function parseHtmlListing(source: HtmlSource, pageUrl: string, html: string): ParsedListing {
  const { listing } = source;
  const $ = load(html);
  const hrefPattern = listing.itemHref ? new RegExp(listing.itemHref) : undefined;
  const afterPattern = listing.dateAfterLink ? new RegExp(listing.dateAfterLink) : undefined;
  const titlePattern = listing.dateInTitle ? new RegExp(listing.dateInTitle, 'i') : undefined;
  const seen = new Set<string>();
  const items: ListingItem[] = [];
  $(listing.itemSelector).each((_i, element) => {
    const href = $(element).attr('href')?.trim();
    if (!href || (hrefPattern && !hrefPattern.test(href))) return;
    let url: string;
    try {
      url = new URL(href, pageUrl).toString();
    } catch {
      return;
    }
    if (seen.has(url)) return;
    seen.add(url);
    let date: string | undefined;
    if (afterPattern) {
      const next = element.nextSibling;
      const text = next && next.type === 'text' ? (next as unknown as { data: string }).data : '';
      const day = afterPattern.exec(text)?.[1];
      if (day && /^\d{4}-\d{2}-\d{2}$/.test(day)) date = day;
    }
    if (!date && titlePattern) {
      const m = titlePattern.exec($(element).text());
      const month = m?.[1] ? MONTHS.indexOf(m[1].toLowerCase()) + 1 : 0;
      if (m && month > 0) date = isoDay(Number(m[3]), month, Number(m[2]));
    }
    items.push({ url, format: 'html', ...(date ? { date } : {}) });
  });
  const countText = listing.paging.countPattern
    ? new RegExp(listing.paging.countPattern).exec(html)?.[1]
    : undefined;
  const pageCount = countText ? Number(countText) : undefined;
  return { items, problems: [], ...(pageCount ? { pageCount } : {}), last: items.length === 0 };
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
  return { items, problems, last: entries.length === 0 };
}

// ---- GraphQL ------------------------------------------------------------------------------

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

function valueAtPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function parseGraphqlAnswer(source: JsonSource, lang: string, text: string): ParsedListing {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const start = text.trimStart().slice(0, 1);
    const how =
      start === '{' || start === '['
        ? `truncated or malformed JSON (${text.length} bytes)`
        : `not JSON (starts with ${describeValue(text.trimStart().slice(0, 30))})`;
    throw new CrawlError('INVALID_JSON', `GraphQL answer is ${how}: ${(error as Error).message}`);
  }
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
    const dateValue = source.api.dateField
      ? (raw as Record<string, unknown>)[source.api.dateField]
      : undefined;
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
    case 'json':
      return parseGraphqlAnswer(source, lang, text);
  }
}
