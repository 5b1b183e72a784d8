/**
 * HTML listing pages as a source file describes them: entries (a link, a
 * table row, a card), the link, title and date inside each, and how to get
 * to the next page (a page count or a "next" link). Pure: page text in,
 * entries out. Links that leave the site are not items: a fixture's
 * `http://localhost/…` or a partner's page is reported, never fetched.
 */
import { type Cheerio, load } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { normalizeSpaces } from '../normalize/clean-html.js';
import { parseFormattedDate } from '../normalize/date-format.js';
import { findDates } from '../normalize/dates.js';
import type { HtmlSource } from '../sources/schema.js';
import { ownHostsOf } from './site-policy.js';

export interface ListingEntry {
  /** Absolute URL of the item. */
  url: string;
  /** The title the listing shows, whitespace tidied. */
  title?: string;
  /** Publication day (YYYY-MM-DD) or time (ISO 8601) the listing shows. */
  date?: string;
}

export interface ListingProblem {
  code: 'OFF_SITE_LINK' | 'INVALID_LINK';
  message: string;
}

export interface ParsedHtmlListing {
  entries: ListingEntry[];
  problems: ListingProblem[];
  /** The number of pages, when the page states it (paging.countPattern). */
  pageCount?: number;
  /** The next page's absolute URL, when paging follows a "next" link and there is one. */
  next?: string;
}

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

/** Whether a link stays on the source's own hosts (see site-policy.ts). */
export function isOnSite(url: URL, baseUrl: string, allowedHosts: readonly string[] = []): boolean {
  return ownHostsOf({ baseUrl, allowedHosts }).has(url.host.toLowerCase());
}

/** A date written in a listing: by the source's format, else any form dates.ts knows (with a year). */
export function entryDate(
  text: string,
  format: string | undefined,
  timeZone: string,
): string | undefined {
  const clean = normalizeSpaces(text).trim();
  if (!clean) return undefined;
  if (format) {
    const parsed = parseFormattedDate(clean, format, timeZone);
    if (!parsed) return undefined;
    return parsed.precision === 'date' ? parsed.iso.slice(0, 10) : parsed.iso;
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(clean) && !Number.isNaN(Date.parse(clean))) return clean;
  const found = findDates(clean).find((d) => d.year !== undefined);
  return found?.year ? isoDay(found.year, found.month, found.day) : undefined;
}

function linkOf(entry: Cheerio<AnyNode>, selector: string | undefined): Cheerio<AnyNode> {
  if (selector) return entry.find(selector).first();
  return entry.is('a[href]') ? entry : entry.find('a[href]').first();
}

function textAfter(link: Cheerio<AnyNode>): string {
  const next = link.get(0)?.nextSibling;
  return next && next.type === 'text' ? (next as unknown as { data: string }).data : '';
}

export function parseListingPage(
  source: Pick<HtmlSource, 'listing' | 'baseUrl' | 'allowedHosts' | 'extract'>,
  pageUrl: string,
  html: string,
): ParsedHtmlListing {
  const { listing } = source;
  const $ = load(html);
  const hrefPattern = listing.itemHref ? new RegExp(listing.itemHref) : undefined;
  const dateSpec = listing.date;
  const afterPattern = dateSpec?.afterLink ? new RegExp(dateSpec.afterLink) : undefined;
  const titlePattern = dateSpec?.inTitle ? new RegExp(dateSpec.inTitle, 'i') : undefined;
  const seen = new Set<string>();
  const entries: ListingEntry[] = [];
  const problems: ListingProblem[] = [];
  $(listing.items).each((index, element) => {
    const entry = $(element);
    const link = linkOf(entry, listing.link);
    const href = link.attr('href')?.trim();
    if (!href || (hrefPattern && !hrefPattern.test(href))) return;
    let url: URL;
    try {
      url = new URL(href, pageUrl);
    } catch {
      problems.push({
        code: 'INVALID_LINK',
        message: `entry ${index + 1}: href "${href}" is not a URL`,
      });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    if (!isOnSite(url, source.baseUrl, source.allowedHosts)) {
      problems.push({
        code: 'OFF_SITE_LINK',
        message: `entry ${index + 1} links ${url.href}, outside ${new URL(source.baseUrl).host}; not followed`,
      });
      return;
    }
    url.hash = '';
    for (const name of listing.dropParams ?? []) url.searchParams.delete(name);
    if (seen.has(url.href)) return;
    seen.add(url.href);

    const titleNode = listing.title ? entry.find(listing.title).first() : link;
    const title = normalizeSpaces(titleNode.text().replace(/\s+/g, ' ')).trim();
    let date: string | undefined;
    if (dateSpec?.css || dateSpec?.attr) {
      const node = dateSpec.css ? entry.find(dateSpec.css).first() : entry;
      const raw = dateSpec.attr ? (node.attr(dateSpec.attr) ?? '') : node.text();
      date = entryDate(raw, dateSpec.format, source.extract.timeZone);
    }
    if (!date && afterPattern) {
      const day = afterPattern.exec(textAfter(link))?.[1];
      if (day && /^\d{4}-\d{2}-\d{2}$/.test(day)) date = day;
    }
    if (!date && titlePattern) {
      const m = titlePattern.exec(link.text());
      const month = m?.[1] ? MONTHS.indexOf(m[1].toLowerCase()) + 1 : 0;
      if (m && month > 0) date = isoDay(Number(m[3]), month, Number(m[2]));
    }
    entries.push({ url: url.href, ...(title ? { title } : {}), ...(date ? { date } : {}) });
  });

  const paging = listing.paging;
  const countText = paging?.countPattern
    ? new RegExp(paging.countPattern).exec(html)?.[1]
    : undefined;
  const pageCount = countText ? Number(countText) : undefined;
  let next: string | undefined;
  if (paging?.next) {
    const href = $(paging.next).first().attr('href')?.trim();
    if (href && !href.startsWith('javascript:')) {
      try {
        const url = new URL(href, pageUrl);
        if (isOnSite(url, source.baseUrl, source.allowedHosts) && url.href !== pageUrl)
          next = url.href;
      } catch {
        // A broken next link ends the paging; the page's entries still count.
      }
    }
  }
  return {
    entries,
    problems,
    ...(pageCount ? { pageCount } : {}),
    ...(next ? { next } : {}),
  };
}
