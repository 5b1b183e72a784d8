/**
 * Per-source extract maps: where each source keeps title, date and body, and
 * what inside the body is boilerplate. A source without a map is handled by
 * the generic fallbacks (JSON-LD, OpenGraph, <time>, meta tags, the largest
 * text block).
 */

export interface ExtractMap {
  /** The ministry's time zone: a date without a time is midnight there. */
  timeZone: string;
  /** Selectors tried in order; the first with text wins. */
  title?: string[];
  date?: string[];
  body?: string[];
  /** Removed inside the body before its text is taken. */
  remove?: string[];
  /** Trailing parts of <title> that name the site, not the release. */
  titleSuffix?: RegExp;
  /** Whole paragraphs that are boilerplate (bylines, "Office of the Spokesperson"). */
  dropParagraphs?: RegExp[];
  /** Whether the title is where the date lives (English China MFA pages). */
  dateInTitle?: boolean;
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

export const EXTRACT_MAPS: Record<string, ExtractMap> = {
  'cn-mfa': {
    timeZone: 'Asia/Shanghai',
    title: ['#News_Body_Title', '.content_mod h2.title', '.content_mod .title'],
    date: ['#News_Body_Time'],
    body: ['#News_Body_Txt_A', '.content_mod .content', '#News_Body_Txt'],
    remove: ['img', '#Appendix_article', '.tool', '#id_RelNewsList', '.newsLst_mod'],
    titleSuffix: /\s*[—–-]\s*(中华人民共和国外交部|Ministry of Foreign Affairs.*)$/,
    dateInTitle: true,
  },
  'us-state': {
    timeZone: 'America/New_York',
    dropParagraphs: [/^Office of the Spokesperson$/i, /^Media Note$/i],
  },
  'kz-mfa': {
    timeZone: 'Asia/Almaty',
  },
};

export function extractMapFor(sourceId: string): ExtractMap {
  return EXTRACT_MAPS[sourceId] ?? { timeZone: 'UTC' };
}
