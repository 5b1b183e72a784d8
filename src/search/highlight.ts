/**
 * Highlights the words Meilisearch could not: those that match the query
 * only through their keys (another inflected form). The words are marked as
 * they stand in the text, never as stems. Text Meilisearch already marked is
 * left as it is.
 */
import { textKeys, wordSpans } from './morphology.js';
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

/** Adds highlight markers around words whose keys are among the query's. */
export function markKeyMatches(formatted: string, keys: ReadonlySet<string>): string {
  if (keys.size === 0 || formatted === '') return formatted;
  return formatted
    .split(MARKED)
    .map((part) => (part.startsWith(HIGHLIGHT_START) ? part : markPlain(part, keys)))
    .join('');
}

/** Removes highlight markers: the plain text. */
export function withoutMarkers(formatted: string): string {
  return formatted.replaceAll(HIGHLIGHT_START, '').replaceAll(HIGHLIGHT_END, '');
}
