/**
 * (raw item, source) → release. Pure: no I/O. Dispatches on the item's format
 * (HTML page, JSON API item, feed item), applies the source's extract map,
 * and fills in language, date, dateline, lead and entities.
 */
import { load } from 'cheerio';
import { decodeHTML } from 'entities';
import { z } from 'zod';
import { createRelease } from '../../src/domain/create-release.js';
import { releaseIdFor } from '../../src/domain/ids.js';
import { extractEntities } from '../../src/entities/index.js';
import { htmlToText, leadOf, normalizePlainText, normalizeSpaces } from './clean-html.js';
import { parseFormattedDate } from './date-format.js';
import { findDateline, withoutDateline } from './dateline.js';
import { type DateParts, findDates, parseGivenDate, resolveYear, toIsoInZone } from './dates.js';
import { extractHtml } from './extract-html.js';
import { JsonItemError, readJsonItem } from './json-item.js';
import { detectAmong, detectLanguage } from './language.js';
import { isMojibake, looksLikeAppShell, looksLikeNavigationOnly, soft404Sign } from './quality.js';
import { importRecordSchema } from './record.js';
import type { ExtractRules, NormalizeOutcome, NormalizeWarning, RawItem } from './types.js';

export type { ExtractRules, NormalizeOutcome, RawItem } from './types.js';

/** What every format boils down to before the shared steps. */
interface Extracted {
  title: string;
  paragraphs: string[];
  /** An exact timestamp given by an API or feed. */
  publishedExact?: string | undefined;
  /** A date string to parse (page element, meta tag). */
  dateText?: string | undefined;
  lang?: string | undefined;
  canonicalUrl?: string | undefined;
  alternates: { lang: string; url: string }[];
  /** Warnings of the format's own reading (a PDF with pages lacking text). */
  warnings?: NormalizeWarning[];
}

const DAMAGED = 'the text is damaged (replacement characters or a wrong charset)';

class ItemError extends Error {
  constructor(
    readonly code: Extract<NormalizeOutcome, { ok: false }>['code'],
    message: string,
  ) {
    super(message);
  }
}

function splitParagraphs(text: string): string[] {
  return text.split('\n\n').filter(Boolean);
}

/** An item's JSON text read with its schema; anything else is INVALID_ITEM naming the field. */
function parseJsonItem<T>(text: string, schema: z.ZodType<T>, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ItemError('INVALID_ITEM', `${what} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ItemError(
      'INVALID_ITEM',
      `${what} field ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  return parsed.data;
}

/** One JSON API item, read by the field paths of its source file. */
function fromJson(item: RawItem, rules: ExtractRules): Extracted {
  if (!rules.fields) {
    throw new ItemError(
      'INVALID_ITEM',
      `source ${item.sourceId} has no extract.fields: its JSON items cannot be read`,
    );
  }
  try {
    const data = readJsonItem(item.text, rules.fields);
    return {
      title: data.title,
      paragraphs: splitParagraphs(data.text),
      publishedExact: data.date,
      lang: item.langHint,
      alternates: [],
    };
  } catch (error) {
    if (error instanceof JsonItemError) throw new ItemError('INVALID_ITEM', error.message);
    throw error;
  }
}

/**
 * A PDF item: the text of its pages as the crawl extracted it (see
 * crawler/normalize/pdf.ts), stored as JSON with the page count and the
 * titles the document and the listing give. Lines are joined into
 * paragraphs (PDFs wrap every line); the title is the document's own, else
 * the listing's, else the first line.
 */
const pdfItemSchema = z.object({
  pages: z.number().int().min(0),
  pageTexts: z.array(z.string()),
  title: z.string().optional(),
  listingTitle: z.string().optional(),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })).default([]),
});

function fromPdf(item: RawItem): Extracted {
  const pdf = parseJsonItem(item.text, pdfItemSchema, 'PDF item');
  const noText = pdf.warnings.find((w) => w.code === 'PDF_NO_TEXT_LAYER');
  if (noText) throw new ItemError('PDF_NO_TEXT_LAYER', `the PDF: ${noText.message}`);
  const paragraphs = pdf.pageTexts.flatMap((page) =>
    page
      .split(/\n\s*\n/)
      .map((p) =>
        normalizeSpaces(p.replace(/-\n(?=\p{Ll})/gu, '').replace(/\s*\n\s*/g, ' ')).trim(),
      )
      .filter(Boolean),
  );
  const title = pdf.title ?? pdf.listingTitle;
  return {
    ...(title ? { title, paragraphs } : titleFromLines(paragraphs)),
    lang: item.langHint,
    alternates: [],
    warnings: pdf.warnings,
  };
}

/** Paragraphs of an HTML body, without the byline ("Office of the Spokesperson") it often repeats first. */
function bodyParagraphs(html: string, creator: string): string[] {
  const creators = normalizeSpaces(creator)
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  return splitParagraphs(htmlToText(html)).filter((p, i) => !(i < 3 && creators.includes(p)));
}

function fromFeedItem(item: RawItem): Extracted {
  const $ = load(item.text, { xml: { xmlMode: true, decodeEntities: true } });
  const text = (selector: string) => normalizeSpaces($(selector).first().text()).trim();
  const encoded = $('content\\:encoded').first().text() || $('description').first().text();
  return {
    title: text('title'),
    paragraphs: bodyParagraphs(encoded, text('dc\\:creator')),
    publishedExact: text('pubDate') || text('published') || text('updated') || undefined,
    canonicalUrl: text('link') || $('link').attr('href') || undefined,
    lang: item.langHint,
    alternates: [],
  };
}

/** Plain text: the first line is the title when it is short, else the first sentence. */
function fromText(item: RawItem): Extracted {
  return { ...titleFromLines(item.text.split(/\n/)), lang: item.langHint, alternates: [] };
}

function titleFromLines(text: string[]): { title: string; paragraphs: string[] } {
  const lines = text.map((line) => normalizeSpaces(line).trim()).filter(Boolean);
  const first = lines[0] ?? '';
  const shortHeadline = first.length <= 200 && !/[.!?…]$/.test(first) && lines.length > 1;
  const opening = withoutDateline(first);
  const sentence = /^.{20,250}?[.!?…](?=\s|$)/u.exec(opening)?.[0];
  const title = shortHeadline
    ? first
    : (sentence ?? `${opening.slice(0, 200).replace(/\s+\S*$/, '')}…`);
  return { title, paragraphs: shortHeadline ? lines.slice(1) : lines };
}

/**
 * An imported line (see record.ts): its title with entities decoded (feeds
 * and exports often leave "&amp;" in), its body from HTML or text, its date
 * as given. A line without a title gets one the way plain text does.
 */
function fromRecord(item: RawItem): Extracted {
  const record = parseJsonItem(item.text, importRecordSchema, 'record');
  const paragraphs =
    record.html !== undefined
      ? bodyParagraphs(record.html, record.creator ?? '')
      : splitParagraphs(normalizePlainText(record.text ?? ''));
  const title = record.title === null ? '' : normalizeSpaces(decodeHTML(record.title)).trim();
  return {
    ...(title ? { title, paragraphs } : titleFromLines(paragraphs)),
    publishedExact: record.published ?? undefined,
    lang: item.langHint,
    alternates: [],
  };
}

function fromHtml(item: RawItem, map: ExtractRules): Extracted {
  const fields = extractHtml(item.text, map);
  const bodyText = fields.paragraphs.join('\n\n');
  // The whole page is judged, not just the article: damage often sits in the chrome.
  // (Title and body of every format are judged again in normalizeItem.)
  if (isMojibake(fields.pageText)) throw new ItemError('MOJIBAKE', DAMAGED);
  const notFound = soft404Sign(fields.title, bodyText, fields.pageText);
  if (notFound) {
    throw new ItemError(
      'SOFT_404',
      `the page is a "not found" template: it says "${notFound.slice(0, 80)}"`,
    );
  }
  if (looksLikeAppShell(bodyText)) {
    throw new ItemError(
      'EMPTY_CONTENT',
      'the page is an app shell that needs JavaScript; it holds no text',
    );
  }
  if (looksLikeNavigationOnly(fields.paragraphs)) {
    throw new ItemError(
      'EMPTY_CONTENT',
      'the page holds only navigation (menu entries, no sentence of text)',
    );
  }
  return {
    title: fields.title,
    paragraphs: fields.paragraphs,
    dateText: fields.dateText?.value,
    lang: fields.lang,
    canonicalUrl: fields.canonicalUrl,
    alternates: fields.alternates,
  };
}

const LANGS = new Set(['ru', 'kk', 'en', 'zh']);

/**
 * The item's language: the one it was listed under, else the page's own,
 * else detected. A source whose listing mixes languages (extract.language:
 * detect) has each item's told from its text among the source's languages,
 * whatever its pages declare.
 */
function languageOf(
  item: RawItem,
  extracted: Extracted,
  text: string,
  rules: ExtractRules,
  warnings: NormalizeWarning[],
): string {
  if (rules.language === 'detect' && rules.languages && rules.languages.length > 0) {
    const lang = detectAmong(text, rules.languages) ?? item.langHint ?? rules.languages[0] ?? 'en';
    warnings.push({
      code: 'LANG_DETECTED',
      message: `language detected from the text among ${rules.languages.join(', ')}: ${lang}`,
    });
    return lang;
  }
  const declared = extracted.lang && LANGS.has(extracted.lang) ? extracted.lang : undefined;
  const lang = item.langHint ?? declared ?? detectLanguage(text) ?? 'en';
  if (!item.langHint && !declared) {
    warnings.push({ code: 'LANG_DETECTED', message: `language detected from the text: ${lang}` });
  }
  return lang;
}

/**
 * Longest title and body kept, in characters. The longest real ones seen are
 * about 450 and 80,000 (State Department, China MFA transcripts); beyond
 * these a text is a mistake or an attack, and it slows every search it is in.
 */
export const TITLE_MAX_CHARS = 1000;
export const BODY_MAX_CHARS = 200_000;

/** Cuts before `max` characters at a word boundary, never inside a surrogate pair. */
function cut(text: string, max: number): string {
  const head = text.slice(0, max).replace(/[\uD800-\uDBFF]$/, '');
  const space = head.lastIndexOf(' ');
  return space > max * 0.8 ? head.slice(0, space) : head;
}

function capTitle(title: string, warnings: NormalizeWarning[]): string {
  if (title.length <= TITLE_MAX_CHARS) return title;
  warnings.push({
    code: 'TITLE_TRUNCATED',
    message: `the title has ${title.length} characters; the first ${TITLE_MAX_CHARS} are kept`,
  });
  return `${cut(title, TITLE_MAX_CHARS - 1)}…`;
}

/** Whole paragraphs up to the cap, then the part of the next that fits. */
function capParagraphs(paragraphs: string[], warnings: NormalizeWarning[]): string[] {
  let total = 0;
  for (let i = 0; i < paragraphs.length; i++) {
    const length = (paragraphs[i] ?? '').length;
    if (total + length > BODY_MAX_CHARS) {
      const full = paragraphs.reduce((n, p) => n + p.length + 2, -2);
      warnings.push({
        code: 'BODY_TRUNCATED',
        message: `the body has ${full} characters; the first ${BODY_MAX_CHARS} are kept`,
      });
      const rest = BODY_MAX_CHARS - total;
      const part = rest > 200 ? cut(paragraphs[i] ?? '', rest) : '';
      return [...paragraphs.slice(0, i), ...(part ? [part] : [])];
    }
    total += length + 2;
  }
  return paragraphs;
}

interface DateResult {
  published: string | null;
  precision: 'datetime' | 'date' | 'unknown';
  warnings: NormalizeWarning[];
  found?: DateParts | undefined;
}

function resolvePublished(extracted: Extracted, map: ExtractRules, item: RawItem): DateResult {
  const given = extracted.publishedExact ? parseGivenDate(extracted.publishedExact) : undefined;
  if (given?.kind === 'instant')
    return { published: given.iso, precision: 'datetime', warnings: [] };
  if (given?.kind === 'local') {
    return {
      published: toIsoInZone(given.parts, map.timeZone),
      precision: given.parts.hour !== undefined ? 'datetime' : 'date',
      warnings: [],
      found: given.parts,
    };
  }
  const body = extracted.paragraphs.join('\n');
  const candidates: { parts: DateParts; others: DateParts[] }[] = [];
  const isoWithTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
  if (
    extracted.dateText &&
    isoWithTime.test(extracted.dateText) &&
    !Number.isNaN(Date.parse(extracted.dateText))
  ) {
    // A machine-readable time with its zone (JSON-LD, meta, <time>) is taken as given.
    const hasOffset = /[+-]\d{2}:\d{2}$/.test(extracted.dateText);
    const published = hasOffset ? extracted.dateText : new Date(extracted.dateText).toISOString();
    return { published, precision: 'datetime', warnings: [] };
  }
  // A date in the format the source file declares is read that way, and only that way.
  const formatted =
    extracted.dateText && map.dateFormat
      ? parseFormattedDate(extracted.dateText, map.dateFormat, map.timeZone)
      : undefined;
  if (formatted) return { published: formatted.iso, precision: formatted.precision, warnings: [] };
  if (extracted.dateText) {
    const found = findDates(extracted.dateText);
    if (found[0]) candidates.push({ parts: found[0], others: found });
    else if (!Number.isNaN(Date.parse(extracted.dateText)) && /\d{4}/.test(extracted.dateText)) {
      return {
        published: new Date(extracted.dateText).toISOString(),
        precision: 'datetime',
        warnings: [],
      };
    }
  }
  const inTitle = findDates(extracted.title);
  const inBody = findDates(body.slice(0, 3000));
  if (inTitle[0]) candidates.push({ parts: inTitle[0], others: [...inTitle, ...inBody] });
  // A date in the first lines of the text ("Чэнду. 1 декабря.") is the release's own.
  const early = inBody.find((d) => d.index < 200);
  if (early) candidates.push({ parts: early, others: inBody });
  for (const { parts, others } of candidates) {
    const year = resolveYear(parts, { others: others.filter((o) => o !== parts) });
    if (year !== undefined) {
      const iso = toIsoInZone({ ...parts, year }, map.timeZone);
      const warnings: NormalizeWarning[] =
        parts.year === undefined
          ? [
              {
                code: 'YEAR_FROM_CONTEXT',
                message: `"${parts.text}" has no year; ${year} comes from the page's other dates`,
              },
            ]
          : [];
      return {
        published: iso,
        precision: parts.hour !== undefined ? 'datetime' : 'date',
        warnings,
        found: parts,
      };
    }
  }
  const partial = candidates[0]?.parts;
  // Only a real first sighting gives a year. An imported line never has one; imported
  // text files and saved sites without fetch times come without it (ItemRecord.seenAtKnown).
  if (partial && item.firstSeenAt && item.format !== 'record') {
    const year = resolveYear(partial, { notAfter: new Date(item.firstSeenAt) });
    if (year !== undefined) {
      return {
        published: toIsoInZone({ ...partial, year }, map.timeZone),
        precision: 'date',
        found: partial,
        warnings: [
          {
            code: 'YEAR_FROM_FETCH_TIME',
            message: `"${partial.text}" has no year; ${year} is the latest such day before the page was first fetched`,
          },
        ],
      };
    }
  }
  return {
    published: null,
    precision: 'unknown',
    found: partial,
    warnings: [
      {
        code: 'DATE_UNKNOWN',
        message: partial
          ? `only "${partial.text}" was found, without a year; the date is left empty rather than guessed`
          : 'no publication date was found; the date is left empty rather than guessed',
      },
    ],
  };
}

/** One archived item and the rules of its source (see crawler/sources: extractRulesOf) → a release. */
export function normalizeItem(item: RawItem, rules: ExtractRules): NormalizeOutcome {
  const map = rules;
  try {
    const extracted =
      item.format === 'json'
        ? fromJson(item, rules)
        : item.format === 'feed-item'
          ? fromFeedItem(item)
          : item.format === 'text'
            ? fromText(item)
            : item.format === 'record'
              ? fromRecord(item)
              : item.format === 'pdf'
                ? fromPdf(item)
                : fromHtml(item, map);
    const warnings: NormalizeWarning[] = [...(extracted.warnings ?? [])];
    const paragraphs = capParagraphs(extracted.paragraphs, warnings);
    const body = paragraphs.join('\n\n');
    if (!body.trim())
      throw new ItemError(
        'EMPTY_CONTENT',
        'the item has no text once navigation and markup are removed',
      );
    const title = capTitle(normalizeSpaces(extracted.title).trim(), warnings);
    if (isMojibake(`${title}\n${body}`)) throw new ItemError('MOJIBAKE', DAMAGED);
    if (!title) throw new ItemError('NO_TITLE', 'the item has no title');

    const lang = languageOf(item, extracted, `${title}\n${body}`, rules, warnings);
    const date = resolvePublished(extracted, map, item);
    warnings.push(...date.warnings);
    const url =
      extracted.canonicalUrl && /^https?:/.test(extracted.canonicalUrl)
        ? extracted.canonicalUrl
        : item.url;
    const entities = extractEntities(`${title}\n\n${body}`, {
      lang,
      date: date.published ?? undefined,
    });
    const alternates = extracted.alternates.filter((a) => a.url !== url);
    const group = [url, ...alternates.map((a) => a.url)].map((u) => releaseIdFor(u)).sort()[0];
    const release = createRelease({
      url,
      source: item.sourceId,
      lang,
      title,
      lead: leadOf(paragraphs),
      body,
      published: date.published,
      datePrecision: date.precision,
      dateline: findDateline(body),
      countries: entities.countries,
      ministers: entities.ministers.map((m) => m.id),
      ...(group ? { translationGroup: group } : {}),
      fetchedAt: item.fetchedAt,
    });
    const found = date.found;
    const dateFound = found
      ? { text: found.text, year: found.year ?? null, month: found.month, day: found.day }
      : null;
    return { ok: true, release, warnings, alternates, dateFound, ministers: entities.ministers };
  } catch (error) {
    if (error instanceof ItemError) return { ok: false, code: error.code, reason: error.message };
    if (error instanceof z.ZodError) {
      const issue = error.issues[0];
      return {
        ok: false,
        code: 'INVALID_ITEM',
        reason: `release field ${issue?.path.join('.')}: ${issue?.message}`,
      };
    }
    throw error;
  }
}
