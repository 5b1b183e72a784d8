/**
 * Fields of a release page: the source's extract map first, then generic
 * fallbacks (JSON-LD, OpenGraph, meta tags, <time>, the largest text block).
 * Pure: HTML text in, fields out.
 */
import { type Cheerio, type CheerioAPI, load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { normalizeSpaces, paragraphsOf, textOf } from './clean-html.js';

/** A CSS selector, or one that reads an attribute, or every match instead of the first. */
export type Selector =
  | string
  | { css: string; attr?: string | undefined; all?: boolean | undefined };

/** What a source's extract map says about its pages (see crawler/sources/schema.ts). */
export interface HtmlExtractRules {
  title?: readonly Selector[] | undefined;
  date?: readonly Selector[] | undefined;
  body?: readonly Selector[] | undefined;
  remove?: readonly string[] | undefined;
  /** Trailing parts of <title> that name the site; strings are matched case-insensitively. */
  titleSuffix?: RegExp | string | undefined;
  /** Whole paragraphs that are boilerplate; strings are matched case-insensitively. */
  dropParagraphs?: readonly (RegExp | string)[] | undefined;
}

/** Boilerplate removed from any page before its text is read. */
export const GENERIC_REMOVE = [
  'script',
  'style',
  'noscript',
  'nav',
  'header',
  'footer',
  'aside',
  'form',
  'figcaption',
  '[role="navigation"]',
  '[class*="share"]',
  '[class*="social"]',
  '[class*="breadcrumb"]',
  '[class*="caption"]',
  '[class*="related"]',
  '[style*="display:none"]',
  '[style*="display: none"]',
];

const asPattern = (p: RegExp | string) => (typeof p === 'string' ? new RegExp(p, 'iu') : p);
const cssOf = (s: Selector) => (typeof s === 'string' ? s : s.css);

export interface HtmlFields {
  title: string;
  /** The raw date string found (to be parsed by the caller), and where it came from. */
  dateText?: { value: string; from: 'map' | 'json-ld' | 'meta' | 'time' | 'title' | 'text' };
  paragraphs: string[];
  lang?: string | undefined;
  canonicalUrl?: string | undefined;
  /** Links to the same release in other languages (hreflang). */
  alternates: { lang: string; url: string }[];
  /** Visible text of the whole page (chrome included), to judge damage such as mojibake. */
  pageText: string;
}

function firstText($: CheerioAPI, selectors: readonly Selector[] | undefined): string | undefined {
  for (const selector of selectors ?? []) {
    const found = $(cssOf(selector)).first();
    const attr = typeof selector === 'string' ? undefined : selector.attr;
    // A heading or a date is one line, however the page's markup wraps it.
    const text = normalizeSpaces((attr ? found.attr(attr) : found.text()) ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    if (text) return text;
  }
  return undefined;
}

/** Letters and digits only, lowercased: how a heading repeated in the text is recognised. */
const bare = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * The text's first paragraphs when together they only repeat the title
 * (Wisma Putra sets the title again, in two lines, above every release).
 */
function withoutRepeatedTitle(paragraphs: string[], title: string): string[] {
  const target = bare(title);
  if (target.length < 10) return paragraphs;
  let joined = '';
  for (let i = 0; i < Math.min(paragraphs.length - 1, 3); i++) {
    joined += bare(paragraphs[i] ?? '');
    if (joined === target) return paragraphs.slice(i + 1);
    if (!target.startsWith(joined)) break;
  }
  return paragraphs;
}

function jsonLd($: CheerioAPI): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  $('script[type="application/ld+json"]').each((_, el) => {
    try {
      const parsed: unknown = JSON.parse($(el).text());
      const list = Array.isArray(parsed) ? parsed : [parsed];
      for (const item of list) {
        if (item && typeof item === 'object') {
          items.push(item as Record<string, unknown>);
          const graph = (item as { '@graph'?: unknown })['@graph'];
          if (Array.isArray(graph)) items.push(...(graph as Record<string, unknown>[]));
        }
      }
    } catch {
      // A broken JSON-LD block is ignored; other fallbacks follow.
    }
  });
  return items;
}

function meta($: CheerioAPI, names: string[]): string | undefined {
  for (const name of names) {
    const value = $(
      `meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`,
    ).attr('content');
    if (value?.trim()) return value.trim();
  }
  return undefined;
}

/** The element whose paragraphs hold the most text that is not links. */
function largestTextBlock($: CheerioAPI): Cheerio<Element> {
  let best: Cheerio<Element> | undefined;
  let bestScore = 0;
  $('article, main, section, div, td').each((_, el) => {
    const node = $(el);
    const own = node.children('p, h2, h3, blockquote, ul, ol, pre');
    let score = 0;
    own.each((__, child) => {
      const text = $(child).text().length;
      const links = $(child).find('a').text().length;
      score += Math.max(0, text - links * 2);
    });
    if (own.length === 0) {
      const direct = node
        .contents()
        .filter((__, c) => c.type === 'text')
        .text()
        .trim().length;
      score = direct;
    }
    if (score > bestScore) {
      bestScore = score;
      best = node;
    }
  });
  return best ?? $('body');
}

export function extractHtml(html: string, map: HtmlExtractRules): HtmlFields {
  const $ = load(html);
  const ld = jsonLd($);
  const ldValue = (key: string) => {
    for (const item of ld) {
      const value = item[key];
      if (typeof value === 'string' && value.trim()) return value.trim();
    }
    return undefined;
  };

  const documentTitle = normalizeSpaces($('title').first().text()).trim();
  const rawTitle =
    firstText($, map.title) ??
    meta($, ['og:title', 'twitter:title']) ??
    ldValue('headline') ??
    firstText($, ['h1']) ??
    documentTitle;
  const title = map.titleSuffix ? rawTitle.replace(asPattern(map.titleSuffix), '') : rawTitle;

  let dateText: HtmlFields['dateText'];
  const fromMap = firstText($, map.date);
  const fromLd = ldValue('datePublished') ?? ldValue('dateCreated');
  const fromMeta = meta($, [
    'article:published_time',
    'datePublished',
    'date',
    'pubdate',
    'DC.date',
    'dcterms.date',
  ]);
  const fromTime = $('time[datetime]').first().attr('datetime')?.trim();
  if (fromMap) dateText = { value: fromMap, from: 'map' };
  else if (fromLd) dateText = { value: fromLd, from: 'json-ld' };
  else if (fromMeta) dateText = { value: fromMeta, from: 'meta' };
  else if (fromTime) dateText = { value: fromTime, from: 'time' };

  const lang =
    $('html').attr('lang')?.trim() ||
    $('html').attr('xml:lang')?.trim() ||
    meta($, ['og:locale', 'language']) ||
    $('meta[http-equiv="content-language" i]').attr('content')?.trim() ||
    undefined;
  const canonicalUrl = $('link[rel="canonical"]').attr('href')?.trim() || meta($, ['og:url']);
  const alternates: HtmlFields['alternates'] = [];
  $('link[rel="alternate"][hreflang]').each((_, el) => {
    const hreflang = $(el).attr('hreflang')?.trim().toLowerCase();
    const href = $(el).attr('href')?.trim();
    if (hreflang && href && hreflang !== 'x-default')
      alternates.push({ lang: hreflang.slice(0, 2), url: href });
  });

  $('script, style, noscript').remove();
  const pageText = textOf($('body').toArray()).slice(0, 50_000);
  // Boilerplate goes document-wide first: cheerio's find() inside a big subtree is slow.
  $([...GENERIC_REMOVE, ...(map.remove ?? [])].join(',')).remove();
  let root: Cheerio<AnyNode> | undefined;
  for (const selector of map.body ?? []) {
    const matches = $(cssOf(selector));
    const found = typeof selector !== 'string' && selector.all ? matches : matches.first();
    if (found.length > 0 && found.text().trim()) {
      root = found;
      break;
    }
  }
  if (!root) {
    const candidate = $('[itemprop="articleBody"], article').first();
    root = candidate.length > 0 && candidate.text().trim() ? candidate : largestTextBlock($);
  }
  const drop = (map.dropParagraphs ?? []).map(asPattern);
  const paragraphs = withoutRepeatedTitle(
    paragraphsOf($, root).filter((p) => !drop.some((pattern) => pattern.test(p))),
    title || documentTitle,
  );

  return {
    title: title || documentTitle,
    ...(dateText ? { dateText } : {}),
    paragraphs,
    lang: lang?.toLowerCase().slice(0, 2),
    canonicalUrl,
    alternates,
    pageText,
  };
}
