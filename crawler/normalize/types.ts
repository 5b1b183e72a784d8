/**
 * The contract between the crawler (which fetches and archives) and the
 * normalizer (which turns one archived item into a release). Pure data.
 */
import type { PressRelease } from '../../src/domain/release.js';
import type { MinisterInfo } from '../../src/entities/index.js';

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
  format: 'html' | 'json' | 'feed-item' | 'text' | 'record';
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
  | 'NORMALIZE_FAILED'; // the normalizer threw (a bug); retried by npm run normalize

export interface NormalizeWarning {
  /** e.g. DATE_UNKNOWN (release kept, date flagged, never invented), LANG_DETECTED */
  code: string;
  message: string;
}
