/**
 * Highlights the words Meilisearch could not: those that match the query
 * only through their keys (another inflected form). The words are marked as
 * they stand in the text, never as stems. Text Meilisearch already marked is
 * left as it is.
 */
import { textKeys, wordSpans } from '../analysis/morphology.js';
import { HIGHLIGHT_END, HIGHLIGHT_START } from './query.js';

const MARKED = new RegExp(`(${HIGHLIGHT_START}[^${HIGHLIGHT_END}]*${HIGHLIGHT_END})`);

function markPlain(text: string, keys: ReadonlySet<string>): string {
  let out = '';
  let last = 0;
  for (const span of wordSpans(text)) {
    if (!textKeys(span.word).some((key) => keys.has(key))) continue;
    out += `${text.slice(last, span.start)}${HIGHLIGHT_START}${span.word}${HIGHLIGHT_END}`;
    last = span.end;
  }
  return out + text.slice(last);
}

/** Letters and marks that continue a word (as wordSpans reads words). */
const WORD_TAIL = new RegExp(`${HIGHLIGHT_END}([\\p{L}\\p{M}\\p{N}]+)`, 'gu');
const WORD_HEAD = new RegExp(`([\\p{L}\\p{M}\\p{N}]+)${HIGHLIGHT_START}`, 'gu');

/**
 * Meilisearch marks only the part of a word its prefix or typo match covered
 * ("negotiati" of "negotiations", "Лавров" of "Лаврову"); the mark is widened
 * to the whole word, as it stands in the text.
 */
export function wholeWordMarks(formatted: string): string {
  return formatted
    .replace(WORD_TAIL, (_m, tail: string) => `${tail}${HIGHLIGHT_END}`)
    .replace(WORD_HEAD, (_m, head: string) => `${HIGHLIGHT_START}${head}`);
}

/** Adds highlight markers around words whose keys are among the query's. */
export function markKeyMatches(formatted: string, keys: ReadonlySet<string>): string {
  if (formatted === '') return formatted;
  if (keys.size === 0) return wholeWordMarks(formatted);
  return wholeWordMarks(formatted)
    .split(MARKED)
    .map((part) => (part.startsWith(HIGHLIGHT_START) ? part : markPlain(part, keys)))
    .join('');
}

/** Removes highlight markers: the plain text. */
export function withoutMarkers(formatted: string): string {
  return formatted.replaceAll(HIGHLIGHT_START, '').replaceAll(HIGHLIGHT_END, '');
}
