/**
 * The contract between the crawler (which fetches and archives) and the
 * normalizer (which turns one archived item into a release). Pure data.
 */
import type { PressRelease } from '../../src/domain/release.js';
import type { MinisterInfo } from '../../src/entities/index.js';
import type { HtmlExtractRules } from './extract-html.js';
import type { JsonFields } from './json-item.js';

/** One fetched item, as the archive holds it, ready to normalize. */
export interface RawItem {
  /** Id of the source (crawler/sources/<id>.ts). */
  sourceId: string;
  /** The item's own page URL (for JSON/feed items: the public page the item stands for). */
  url: string;
  /** URL after redirects, when the item was fetched as a page. */
  finalUrl?: string;
  /**
   * What `text` holds: an HTML page ("html"), one JSON object of an API
   * listing ("json"), one RSS/Atom item as XML ("feed-item"), plain text
   * whose first line is the title ("text"), or an imported line as JSON
   * ("record", see record.ts).
   */
  format: 'html' | 'json' | 'feed-item' | 'text' | 'record' | 'pdf';
  /** Decoded text (the archive decoded the bytes with the right charset). */
  text: string;
  /** Language the source says the item is in, when it says. */
  langHint?: string | undefined;
  /** When the bytes were fetched, ISO 8601. */
  fetchedAt: string;
  /**
   * When this item was first seen. A date written without a year ("1 декабря")
   * is given the latest such day before it; without it, the date stays empty.
   */
  firstSeenAt?: string | undefined;
}

export type NormalizeOutcome =
  | {
      ok: true;
      release: PressRelease;
      warnings: NormalizeWarning[];
      /** Links to the same release in other languages, as the source gave them. */
      alternates: { lang: string; url: string }[];
      /** The ministers behind `release.ministers`, with names (also those discovered in the text). */
      ministers: MinisterInfo[];
      /** The publication date as written, even when it lacked a year and `published` stayed empty. */
      dateFound: { text: string; year: number | null; month: number; day: number } | null;
    }
  | { ok: false; code: NormalizeErrorCode; reason: string };

/** Why an item produced no release. Stable: they appear in logs and crawl summaries. */
export type NormalizeErrorCode =
  | 'EMPTY_CONTENT' // nothing but navigation or an SPA shell
  | 'SOFT_404' // a "not found" template served with status 200
  | 'MOJIBAKE' // text damaged by a wrong charset (e.g. full of U+FFFD)
  | 'INVALID_ITEM' // a JSON/feed item without the fields a release needs
  | 'NO_TITLE'
  | 'PDF_NO_TEXT_LAYER' // a PDF of scans or images: its text would need OCR
  | 'NORMALIZE_FAILED'; // the normalizer threw (a bug); retried by npm run normalize

export interface NormalizeWarning {
  /** e.g. DATE_UNKNOWN (release kept, date flagged, never invented), LANG_DETECTED */
  code: string;
  message: string;
}

/**
 * How one source's items are read (the `extract` part of its source file,
 * with its languages): selectors, time zone, date format, boilerplate and,
 * for JSON items, the field paths. See crawler/sources/schema.ts.
 */
export interface ExtractRules extends HtmlExtractRules {
  /** IANA time zone: a date without a time is midnight there. */
  timeZone: string;
  /** Luxon format of the dates the page prints. */
  dateFormat?: string | undefined;
  /** listing: the language the item was listed under; detect: told from the text among `languages`. */
  language?: 'listing' | 'detect' | undefined;
  /** The source's languages. */
  languages?: readonly string[] | undefined;
  /** JSON items: where title, date and body are. */
  fields?: JsonFields | undefined;
}
