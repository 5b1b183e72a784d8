/**
 * REST JSON listings as a source file describes them: where the list of
 * items is, where each item's URL and date are, and where the next page's
 * URL is (GOV.UK's `next_page_url`). Pure: answer text in, entries out.
 * An answer of the wrong shape fails naming the path and the value; one bad
 * item is reported and the others still count.
 */
import { load } from 'cheerio';
import { valueAtPath } from '../../src/util/json-path.js';
import { describeValue } from '../../src/util/zod-errors.js';
import type { JsonSource } from '../sources/schema.js';
import { CrawlError, FinalCrawlError } from './errors.js';
import { entryDate, isOnSite } from './html-listing.js';

type RestApi = Extract<JsonSource['api'], { type: 'rest' }>;

export interface ApiEntry {
  url: string;
  title?: string;
  date?: string;
  /** The item itself as JSON text, when the item is the release (not fetched as a page). */
  json?: string;
}

export interface ParsedApiPage {
  entries: ApiEntry[];
  problems: { code: 'INVALID_RESPONSE' | 'OFF_SITE_LINK'; message: string }[];
  /** Absolute URL of the next page, when the answer names one. */
  next?: string;
}

/** JSON text → value; truncated or non-JSON answers fail with INVALID_JSON (retried). */
export function parseJsonAnswer(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const start = text.trimStart().slice(0, 1);
    const how =
      start === '{' || start === '['
        ? `truncated or malformed JSON (${text.length} bytes)`
        : `not JSON (starts with ${describeValue(text.trimStart().slice(0, 30))})`;
    throw new CrawlError('INVALID_JSON', `${what} is ${how}: ${(error as Error).message}`);
  }
}

/**
 * A date field: ISO 8601 as given, or an HTML fragment that holds one
 * (`<abbr title="2012-12-10T15:41:45+00:00">10 December 2012</abbr>`).
 */
export function jsonDate(value: unknown, timeZone: string): string | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  if (!value.includes('<')) return entryDate(value, undefined, timeZone);
  const $ = load(value, null, false);
  for (const element of $('[title], [datetime]').toArray()) {
    const attr = $(element).attr('datetime') ?? $(element).attr('title') ?? '';
    const found = entryDate(attr, undefined, timeZone);
    if (found) return found;
  }
  return entryDate($.root().text(), undefined, timeZone);
}

function itemUrlFrom(
  api: RestApi,
  item: Record<string, unknown>,
  lang: string,
): string | undefined {
  if (api.urlField) {
    const value = valueAtPath(item, api.urlField);
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  }
  const id = valueAtPath(item, 'id');
  if (typeof id !== 'string' && typeof id !== 'number') return undefined;
  const slug = valueAtPath(item, 'slug');
  return (api.itemUrl ?? '')
    .replaceAll('{id}', encodeURIComponent(String(id)))
    .replaceAll('{slug}', encodeURIComponent(typeof slug === 'string' ? slug : String(id)))
    .replaceAll('{lang}', lang);
}

export function parseRestAnswer(
  source: Pick<JsonSource, 'baseUrl' | 'allowedHosts' | 'extract'> & { api: RestApi },
  lang: string,
  pageUrl: string,
  text: string,
): ParsedApiPage {
  const { api } = source;
  const answer = parseJsonAnswer(text, 'the API answer');
  const list = valueAtPath(answer, api.itemsPath);
  if (!Array.isArray(list)) {
    throw new FinalCrawlError(
      'INVALID_RESPONSE',
      `API answer field ${api.itemsPath} = ${describeValue(list)}: must be a list of items`,
    );
  }
  const entries: ApiEntry[] = [];
  const problems: ParsedApiPage['problems'] = [];
  list.forEach((raw, index) => {
    const where = `${api.itemsPath}.${index}`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push({
        code: 'INVALID_RESPONSE',
        message: `${where} = ${describeValue(raw)}: must be an object`,
      });
      return;
    }
    const item = raw as Record<string, unknown>;
    const href = itemUrlFrom(api, item, lang);
    let url: URL | undefined;
    try {
      url = href ? new URL(href, pageUrl) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      const field = api.urlField ?? 'id';
      problems.push({
        code: 'INVALID_RESPONSE',
        message: `${where}.${field} = ${describeValue(valueAtPath(item, field))}: must give the item's URL`,
      });
      return;
    }
    if (!isOnSite(url, source.baseUrl, source.allowedHosts)) {
      problems.push({
        code: 'OFF_SITE_LINK',
        message: `${where} links ${url.href}, outside ${new URL(source.baseUrl).host}; not followed`,
      });
      return;
    }
    const date = api.dateField
      ? jsonDate(valueAtPath(item, api.dateField), source.extract.timeZone)
      : undefined;
    const titleValue = valueAtPath(item, source.extract.fields?.title ?? api.titleField ?? 'title');
    const title = typeof titleValue === 'string' ? titleValue.replace(/\s+/g, ' ').trim() : '';
    entries.push({
      url: url.href,
      ...(title ? { title } : {}),
      ...(date ? { date } : {}),
      ...(api.itemPages ? {} : { json: JSON.stringify(item) }),
    });
  });
  let next: string | undefined;
  if (api.nextField) {
    const value = valueAtPath(answer, api.nextField);
    if (typeof value === 'string' && value.trim()) {
      try {
        const url = new URL(value.trim(), pageUrl);
        if (url.href !== pageUrl) next = url.href;
      } catch {
        problems.push({
          code: 'INVALID_RESPONSE',
          message: `${api.nextField} = ${describeValue(value)}: not a URL; paging stops`,
        });
      }
    }
  }
  return { entries, problems, ...(next ? { next } : {}) };
}
