/**
 * The user's keywords → the `q` Meilisearch runs, inflection- and alias-aware.
 *
 * Meilisearch has no OR between words, and its default matching strategy
 * ("last") requires the first words and lets later ones go. So the rewritten
 * query puts first what every hit must match — quoted phrases, then for each
 * other word its alias token (a country or minister it names) or its key
 * (stem, morphology.ts), which the shadow fields hold for every form — and
 * after them the words and phrases as typed, which only rank: releases with
 * the exact forms come before those with other forms, and Meilisearch
 * highlights them.
 */

import { countryToken, ministerToken } from '../analysis/aliases.js';
import { isStopWord, normalizeWord, queryKey, words } from '../analysis/morphology.js';
import { nameKey } from '../analysis/translit.js';
import { countryLabel, extractEntities, ministerById } from '../entities/index.js';
import { LABEL_LOCALES } from './params.js';

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

interface Entity {
  token: string;
  country?: string;
  minister?: string;
}

function entityOf(text: string): Entity | undefined {
  const found = extractEntities(text);
  const [country] = found.countries;
  const [minister] = found.ministers;
  if (found.countries.length + found.ministers.length !== 1) return undefined;
  if (country) return { token: countryToken(country), country };
  if (minister) return { token: ministerToken(minister.id), minister: minister.id };
  return undefined;
}

/** Whether a word is part of the entity's own names (a first name, "States" of "United States"). */
function isNameWord(entity: Entity, word: string): boolean {
  const labels = entity.country
    ? LABEL_LOCALES.map((locale) => countryLabel(entity.country as string, locale))
    : Object.values(ministerById(entity.minister ?? '')?.names ?? {});
  const key = nameKey(word);
  return labels.some((label) =>
    words(label ?? '').some((w) => {
      const other = nameKey(w);
      return key.length < 4 || other.length < 4
        ? key === other
        : key.slice(0, 4) === other.slice(0, 4);
    }),
  );
}

/**
 * The run of words from `i` that names one entity: the shortest that does
 * ("United States" in "United States sanctions"), where every word belongs
 * to the name ("МИД России" is МИД and Russia; "Сергей Лавров" is Lavrov),
 * then further words of the same name ("Wang Yi", "Ван И", "Kyrgyz Republic").
 */
function entityRun(typed: string[], i: number): { entity: Entity; length: number } | undefined {
  for (let n = 1; n <= Math.min(3, typed.length - i); n++) {
    const entity = entityOf(typed.slice(i, i + n).join(' '));
    if (!entity) continue;
    if (n > 1 && !isNameWord(entity, typed[i] as string)) return undefined;
    let length = n;
    while (
      i + length < typed.length &&
      length < 3 &&
      // A word of the name, or a capitalised one the gazetteer reads as part of
      // it (Kyrgyz Republic) unless another name starts there (Нұртілеу | Ван И).
      (isNameWord(entity, typed[i + length] as string) ||
        (/^\p{Lu}/u.test(typed[i + length] ?? '') && !entityRun(typed, i + length))) &&
      entityOf(typed.slice(i, i + length + 1).join(' '))?.token === entity.token
    ) {
      length++;
    }
    return { entity, length };
  }
  return undefined;
}

/**
 * A quoted phrase: required as a phrase of keys, so it matches in any
 * inflection with its word order kept; its words as typed rank (Meilisearch
 * never drops a phrase, so the typed phrase cannot be an optional term). A
 * phrase with words that have no key (numbers, Chinese, short words) stays
 * as typed.
 */
function planPhrase(
  phrase: string,
  highlightKeys: Set<string>,
): { required: string; typed: string[] } | undefined {
  const all = words(phrase);
  if (all.length === 0) return undefined;
  const meaningful = all.filter((w) => !isStopWord(w));
  const keys = meaningful.map((w) => queryKey(w));
  if (keys.length === 0 || keys.some((k) => k === undefined)) {
    return { required: `"${all.join(' ')}"`, typed: [] };
  }
  for (const key of keys) if (key) highlightKeys.add(key);
  return { required: `"${keys.join(' ')}"`, typed: meaningful.map(normalizeWord) };
}

export function planQueryText(input: string, fuzzy?: FuzzyResolver): PlannedText {
  const required: string[] = [];
  const ranking: string[] = [];
  const highlightKeys = new Set<string>();
  const entities: QueryEntities = { countries: [], ministers: [] };
  const rest = input.replace(QUOTES, (_match, phrase: string) => {
    const planned = planPhrase(phrase, highlightKeys);
    if (planned) {
      required.push(planned.required);
      ranking.push(...planned.typed);
    }
    return ' ';
  });
  // Names are read before stop words go: "Ван И" is Wang Yi, "US" the United States.
  const typed = words(rest);
  for (let i = 0; i < typed.length; ) {
    const run = entityRun(typed, i);
    if (run) {
      required.push(run.entity.token);
      if (run.entity.country) entities.countries.push(run.entity.country);
      if (run.entity.minister) entities.ministers.push(run.entity.minister);
      for (const word of typed.slice(i, i + run.length)) {
        if (isStopWord(word)) continue;
        ranking.push(normalizeWord(word));
        const key = queryKey(word);
        if (key) highlightKeys.add(key);
      }
      i += run.length;
      continue;
    }
    const word = typed[i] as string;
    i += 1;
    if (isStopWord(word)) continue;
    const normal = normalizeWord(word);
    const key = queryKey(word);
    const token = fuzzy?.(word);
    if (key) highlightKeys.add(key);
    const term = token ?? key ?? normal;
    required.push(term);
    if (term !== normal) ranking.push(normal);
  }
  const terms = [...new Set(required)];
  const optional = [...new Set(ranking)]
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

/** The keywords as typed, without keys or aliases: what search did before (benchmarks compare). */
export function typedQueryText(input: string): PlannedText {
  return { q: input, highlightKeys: [], entities: { countries: [], ministers: [] } };
}
