/**
 * The user's keywords → the `q` Meilisearch runs, inflection- and alias-aware.
 *
 * Meilisearch has no OR between words, and its default matching strategy
 * ("last") requires the first words and lets later ones go. So the rewritten
 * query puts first what every hit must match — quoted phrases as typed, then
 * for each other word its alias token (a country or minister it names) or
 * its key (stem, morphology.ts), which the shadow fields hold for every form
 * — and after them the words as typed, which only rank: releases with the
 * exact forms come before those with other forms, and Meilisearch highlights
 * them.
 */
import { extractEntities } from '../entities/index.js';
import { countryToken, ministerToken } from './aliases.js';
import { isStopWord, normalizeWord, queryKey, words } from './morphology.js';

/** Meilisearch reads at most this many query words; the required part comes first. */
const MEILI_QUERY_WORDS = 10;
const QUOTES = /["«»“”„]([^"«»“”„]+)["«»“”„]/g;

export interface QueryEntities {
  countries: string[];
  ministers: string[];
}

export interface PlannedText {
  /** What Meilisearch searches for; empty when nothing searchable is left. */
  q: string;
  /** Keys of the query's words: text words with one of them are highlighted in hits. */
  highlightKeys: string[];
  /** Countries and ministers the query names (their tokens are in `q`). */
  entities: QueryEntities;
}

/** Resolves a word the gazetteers do not know as typed (a misspelt name) to an entity token. */
export type FuzzyResolver = (word: string) => string | undefined;

function entityToken(
  text: string,
): { token: string; country?: string; minister?: string } | undefined {
  const found = extractEntities(text);
  const [country] = found.countries;
  const [minister] = found.ministers;
  if (found.countries.length + found.ministers.length !== 1) return undefined;
  if (country) return { token: countryToken(country), country };
  if (minister) return { token: ministerToken(minister.id), minister: minister.id };
  return undefined;
}

export function planQueryText(input: string, fuzzy?: FuzzyResolver): PlannedText {
  const phrases: string[] = [];
  const rest = input.replace(QUOTES, (_match, phrase: string) => {
    const inner = words(phrase).join(' ');
    if (inner) phrases.push(`"${inner}"`);
    return ' ';
  });
  const typed = words(rest).filter((w) => !isStopWord(w));
  const required: string[] = [];
  const ranking: string[] = [];
  const highlightKeys = new Set<string>();
  const entities: QueryEntities = { countries: [], ministers: [] };
  for (let i = 0; i < typed.length; ) {
    let consumed = 0;
    // The shortest run of words that names one entity ("United States" in
    // "United States sanctions"), then further capitalised words of the same
    // name ("Wang Yi").
    for (let n = 1; n <= Math.min(3, typed.length - i) && consumed === 0; n++) {
      const entity = entityToken(typed.slice(i, i + n).join(' '));
      if (!entity) continue;
      consumed = n;
      while (
        i + consumed < typed.length &&
        consumed < 3 &&
        /^\p{Lu}/u.test(typed[i + consumed] ?? '') &&
        entityToken(typed.slice(i, i + consumed + 1).join(' '))?.token === entity.token
      ) {
        consumed++;
      }
      const run = typed.slice(i, i + consumed);
      required.push(entity.token);
      if (entity.country) entities.countries.push(entity.country);
      if (entity.minister) entities.ministers.push(entity.minister);
      for (const word of run) {
        ranking.push(normalizeWord(word));
        const key = queryKey(word);
        if (key) highlightKeys.add(key);
      }
    }
    if (consumed > 0) {
      i += consumed;
      continue;
    }
    const word = typed[i] as string;
    const normal = normalizeWord(word);
    const key = queryKey(word);
    const token = fuzzy?.(word);
    if (key) highlightKeys.add(key);
    required.push(token ?? key ?? normal);
    if ((token ?? key) !== undefined && (token ?? key) !== normal) ranking.push(normal);
    i += 1;
  }
  const terms = [...phrases, ...required];
  const optional = ranking
    .filter((w) => !terms.includes(w))
    .slice(0, Math.max(0, MEILI_QUERY_WORDS - terms.length));
  return {
    q: [...terms, ...optional].join(' '),
    highlightKeys: [...highlightKeys],
    entities: {
      countries: [...new Set(entities.countries)],
      ministers: [...new Set(entities.ministers)],
    },
  };
}
