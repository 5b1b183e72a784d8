/**
 * Matching typed text against the names of facet values (countries,
 * ministers, sources, languages) in every language: prefixes as typed,
 * across scripts (нур, Nur, Нұр), inflected forms (Казахстана), and one
 * typo in a name (Лавроф, Nurtleuu).
 */
import { extractEntities, ministerById } from '../entities/index.js';
import { ministerToken } from './aliases.js';
import { normalizeWord, queryKey, textKeys, words } from './morphology.js';
import type { FuzzyResolver } from './query-text.js';
import { nameKey } from './translit.js';

/** Words of a label in the forms typed text is compared with. */
interface LabelWord {
  plain: string;
  key: string;
  stems: readonly string[];
}

function labelWords(labels: readonly string[]): LabelWord[] {
  const out: LabelWord[] = [];
  for (const label of labels) {
    for (const word of words(label)) {
      const plain = normalizeWord(word);
      out.push({ plain, key: nameKey(plain), stems: textKeys(plain) });
    }
  }
  return out;
}

/** Levenshtein distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max = 1): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > max) return max + 1;
    previous = current;
  }
  return previous[b.length] ?? max + 1;
}

const FUZZY_MIN_LENGTH = 5;

function typedWordMatches(typed: string, label: LabelWord): boolean {
  const plain = normalizeWord(typed);
  if (/\p{Script=Han}/u.test(plain)) return label.plain.includes(plain);
  if (label.plain.startsWith(plain)) return true;
  const key = nameKey(plain);
  if (key && label.key.startsWith(key)) return true;
  const stem = queryKey(plain);
  // An inflected form typed whole (Нуртлеуом, Нұртілеудің) shares the label word's key.
  if (stem && label.stems.some((s) => s.startsWith(stem) || (s.length >= 4 && stem.startsWith(s))))
    return true;
  return key.length >= FUZZY_MIN_LENGTH && editDistance(key, label.key) <= 1;
}

/**
 * Whether what was typed names this value: every typed word starts (or,
 * from five letters, is one typo from) a word of one of its labels, or the
 * entity extractor reads the typed text as this very country or minister.
 */
export function typedMatchesLabels(
  typed: string,
  labels: readonly string[],
  entity?: { country?: string; minister?: string },
): boolean {
  const typedWords = words(typed);
  if (typedWords.length === 0) return true;
  const candidates = labelWords(labels);
  if (typedWords.every((w) => candidates.some((c) => typedWordMatches(w, c)))) return true;
  if (!entity) return false;
  const found = extractEntities(typed);
  return (
    (entity.country !== undefined && found.countries.includes(entity.country)) ||
    (entity.minister !== undefined && found.ministers.some((m) => m.id === entity.minister))
  );
}

/**
 * A resolver for misspelt minister surnames in queries ("Лавроф",
 * "Nurtleuu"): one typo from the surname of a minister the index holds, in
 * any of the minister's languages, gives that minister's alias token.
 */
export function ministerNameResolver(ministerIds: readonly string[]): FuzzyResolver {
  const surnames = new Map<string, string>();
  for (const id of ministerIds) {
    const minister = ministerById(id);
    if (!minister) continue;
    for (const name of Object.values(minister.names)) {
      const surname = words(name ?? '').at(-1);
      if (!surname) continue;
      const key = nameKey(surname);
      if (key.length >= FUZZY_MIN_LENGTH) surnames.set(key, id);
    }
  }
  return (word) => {
    const key = nameKey(word);
    if (key.length < FUZZY_MIN_LENGTH) return undefined;
    for (const [surname, id] of surnames) {
      if (editDistance(key, surname) === 1) return ministerToken(id);
    }
    return undefined;
  };
}
