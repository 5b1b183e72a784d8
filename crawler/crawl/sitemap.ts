/**
 * XML sitemaps (sitemaps.org 0.9) as a listing: a `<urlset>` of pages with
 * `lastmod`, Google News extensions (`<news:news>` with title, publication
 * date and language), or a `<sitemapindex>` of further sitemaps. Pure: text
 * in, entries out. Gzipped sitemaps (`sitemap.xml.gz`, often served as
 * application/octet-stream rather than with Content-Encoding) are unpacked
 * here, with the same size limit as any response: a small file that unpacks
 * to gigabytes is refused.
 */
import { gunzipSync } from 'node:zlib';
import { load } from 'cheerio';
import { describeValue } from '../../src/util/zod-errors.js';
import { FinalCrawlError } from './errors.js';

export interface SitemapEntry {
  /** Absolute URL of the page (urlset) or of the next sitemap (sitemapindex). */
  loc: string;
  /** `<lastmod>` as ISO 8601, when it is a date. */
  lastmod?: string;
  /** Google News sitemap fields, when the entry has them. */
  news?: { title?: string; publishedAt?: string; language?: string };
}

export interface ParsedSitemap {
  type: 'urlset' | 'sitemapindex';
  entries: SitemapEntry[];
  /** Entries that could not be used (no or a bad <loc>); the rest still count. */
  problems: string[];
}

const GZIP_MAGIC = [0x1f, 0x8b];

export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/** The bytes themselves, or unpacked when they are gzip; never more than maxBytes. */
export function gunzipIfNeeded(bytes: Buffer, maxBytes: number): Buffer {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    const tooLarge = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    throw new FinalCrawlError(
      tooLarge ? 'TOO_LARGE' : 'INVALID_RESPONSE',
      tooLarge
        ? `the gzipped sitemap unpacks to more than ${maxBytes} bytes`
        : `the gzipped sitemap cannot be unpacked: ${(error as Error).message}`,
    );
  }
}

function isoDate(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text || Number.isNaN(Date.parse(text))) return undefined;
  // W3C datetime may be a bare year or year-month; Date.parse reads both as UTC.
  return new Date(text).toISOString();
}

function absoluteHttpUrl(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** An element's name without its namespace prefix (news:title → title): prefixes vary by site. */
function localName(element: { tagName?: string }): string {
  return (element.tagName ?? '').toLowerCase().replace(/^.*:/, '');
}

export function parseSitemap(xml: string): ParsedSitemap {
  const $ = load(xml, { xml: { xmlMode: true } });
  const root = $.root().children().first();
  const rootTag = root.get(0)?.tagName ?? '';
  const rootName = localName({ tagName: rootTag });
  if (rootName !== 'urlset' && rootName !== 'sitemapindex') {
    throw new FinalCrawlError(
      'INVALID_RESPONSE',
      `not a sitemap (root element: ${describeValue(rootTag)}; expected urlset or sitemapindex)`,
    );
  }
  const type = rootName as ParsedSitemap['type'];
  const entries: SitemapEntry[] = [];
  const problems: string[] = [];
  const childName = type === 'urlset' ? 'url' : 'sitemap';
  root.children().each((index, element) => {
    if (localName(element) !== childName) return;
    const node = $(element);
    const text = (name: string) =>
      node
        .children()
        .filter((_i, c) => localName(c) === name)
        .first()
        .text()
        .trim();
    const rawLoc = text('loc');
    const loc = absoluteHttpUrl(rawLoc);
    if (!loc) {
      problems.push(
        `${childName} ${index + 1}: loc = ${describeValue(rawLoc || undefined)}: must be an absolute http(s) URL`,
      );
      return;
    }
    const entry: SitemapEntry = { loc };
    const lastmod = isoDate(text('lastmod'));
    if (lastmod) entry.lastmod = lastmod;
    const news = node
      .find('*')
      .filter((_i, c) => localName(c) === 'news')
      .first();
    if (news.length > 0) {
      const field = (name: string) =>
        news
          .find('*')
          .filter((_i, c) => localName(c) === name)
          .first()
          .text()
          .trim() || undefined;
      const title = field('title');
      const publishedAt = isoDate(field('publication_date'));
      const language = field('language');
      entry.news = {
        ...(title ? { title } : {}),
        ...(publishedAt ? { publishedAt } : {}),
        ...(language ? { language } : {}),
      };
    }
    entries.push(entry);
  });
  return { type, entries, problems };
}
