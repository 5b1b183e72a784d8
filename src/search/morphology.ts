/**
 * Word keys for inflection-aware search. Meilisearch does no stemming, so
 * every release carries a shadow of its text in which each word is replaced
 * by its keys (see indexing/document.ts), and queries are rewritten to the
 * same keys (query-text.ts).
 *
 * - Latin words: the Snowball English stemmer (plurals, -ing, -ed, …).
 * - Cyrillic words: Russian or Kazakh, and a word alone does not tell which
 *   (many Kazakh words have no letter outside the Russian alphabet). A text's
 *   word gets both keys, the Snowball Russian stem and the Kazakh suffix-chain
 *   key, so a query finds it through either; a query's word uses the Kazakh
 *   key only when it has a letter only Kazakh uses, else the Russian one.
 * - Chinese and other scripts, numbers: no key (Meilisearch segments Chinese
 *   itself); they match the raw text fields.
 */
import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { stemmer as russianStemmer } from '@orama/stemmers/russian';
import { STOP_WORDS } from '../../index-config/settings.js';
import { kazakhStem } from './kazakh.js';

/** A word: letters and digits, with inner apostrophes (don't, Côte d’Ivoire stays two). */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)?/gu;
const CYRILLIC = /^[\p{Script=Cyrillic}\p{M}]+$/u;
const LATIN = /^[\p{Script=Latin}\p{M}]+$/u;
const KAZAKH_ONLY = /[әғқңөұүһі]/;
/** Words shorter than this are kept as they are: stems of two letters match too much. */
const MIN_STEMMED = 4;

export interface WordSpan {
  word: string;
  start: number;
  end: number;
}

/** The words of a text with their positions, in order. */
export function wordSpans(text: string): WordSpan[] {
  const spans: WordSpan[] = [];
  for (const match of text.matchAll(WORD)) {
    spans.push({ word: match[0], start: match.index, end: match.index + match[0].length });
  }
  return spans;
}

export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Lowercase, NFC, ё as е, typographic apostrophes as ASCII. */
export function normalizeWord(word: string): string {
  return word.normalize('NFC').toLowerCase().replace(/ё/g, 'е').replace(/’/g, "'");
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(normalizeWord(word));
}

/** Bounded memo: texts repeat most of their words, and stemming is the costly part. */
const CACHE_LIMIT = 200_000;
const textKeyCache = new Map<string, readonly string[]>();

function computeTextKeys(word: string): readonly string[] {
  if (word.length < MIN_STEMMED || STOP_WORDS.has(word)) return [];
  if (CYRILLIC.test(word)) {
    const russian = russianStemmer(word);
    const kazakh = kazakhStem(word);
    return russian === kazakh ? [russian] : [russian, kazakh];
  }
  if (LATIN.test(word)) return [englishStemmer(word.replace(/'s$/, ''))];
  return [];
}

/** Keys a word of a release's text is indexed under (none for short, Chinese or numeric words). */
export function textKeys(word: string): readonly string[] {
  const normal = normalizeWord(word);
  let keys = textKeyCache.get(normal);
  if (!keys) {
    keys = computeTextKeys(normal);
    if (textKeyCache.size >= CACHE_LIMIT) textKeyCache.clear();
    textKeyCache.set(normal, keys);
  }
  return keys;
}

/**
 * The one key a query's word is searched under, or undefined when it has
 * none (it is then searched as typed).
 */
export function queryKey(word: string): string | undefined {
  const normal = normalizeWord(word);
  const keys = textKeys(normal);
  if (keys.length === 0) return undefined;
  if (keys.length === 1) return keys[0];
  return KAZAKH_ONLY.test(normal) ? keys[1] : keys[0];
}

/** The shadow of a text: every word replaced by its keys, in text order. */
export function stemText(text: string): string {
  const out: string[] = [];
  for (const word of words(text)) out.push(...textKeys(word));
  return out.join(' ');
}
