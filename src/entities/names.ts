/**
 * Matching personal names across scripts and spellings: Давудоглу / Davutoğlu,
 * Могерини / Mogherini, Сийярто / Szijjártó. Each name word is reduced to a
 * consonant skeleton of its Latin form (Cyrillic romanised by `transliterate`,
 * Latin diacritics resolved the way Russian renders them: ç → ch, ş → sh),
 * with voiced and voiceless pairs merged and vowels dropped (an initial one is
 * kept as one sign for any vowel). Two names match
 * when their last words' skeletons are at most one edit apart and their first
 * words start alike; callers also require the same country, so the few
 * candidates compared are the foreign ministers of one state.
 */
import { normWord, transliterate } from './text.js';

// Latin letters whose Russian rendering is a digraph; resolved before diacritics are stripped.
const LATIN_SOUNDS: Record<string, string> = {
  ç: 'ch',
  č: 'ch',
  ć: 'ch',
  ş: 'sh',
  š: 'sh',
  ș: 'sh',
  ž: 'zh',
  ż: 'zh',
  ğ: 'g',
};
const LATIN_SOUNDS_RE = /[çčćşšșžżğ]/g;

// Longest first: digraphs collapse to one symbol before single letters are mapped.
const DIGRAPHS: Array<[RegExp, string]> = [
  [/shch|sch/g, 'S'],
  [/sh|sz/g, 'S'],
  [/tch|ch|cz|cs/g, 'C'],
  [/dzh|dj|zh/g, 'J'],
  // A lone j is a y (Szijjártó, Jeyhun) or a Spanish kh (Jorge, Хорхе): both drop.
  [/j/g, ''],
  [/gh/g, 'g'],
  [/kh|h/g, ''],
  [/ph/g, 'f'],
  [/th/g, 't'],
  [/ts|tz/g, 'c'],
  [/ck|qu|q|c(?=[aou]|$)|x/g, 'k'],
  [/w/g, 'v'],
];
// Voiced and voiceless pairs sound alike across languages (Давудоглу / Davutoğlu).
const VOICING: Record<string, string> = { b: 'p', d: 't', g: 'k', v: 'f', z: 's', J: 'C' };

/** Consonant skeleton of one name word. */
export function wordSkeleton(word: string): string {
  const latin = /[\u0400-\u052f]/.test(word) ? transliterate(word) : word;
  let s = normWord(latin.toLowerCase().replace(LATIN_SOUNDS_RE, (ch) => LATIN_SOUNDS[ch] ?? ch));
  s = s.replace(/[^a-z]/g, '');
  for (const [re, rep] of DIGRAPHS) s = s.replace(re, rep);
  // An initial vowel is kept, as one sign for any (Okada is not Kato; Ержан / Yerzhan).
  s = s.replace(/^[aeiouy]+/, 'V').replace(/[aeiouy]/g, '');
  let out = '';
  for (const ch of s) {
    const c = VOICING[ch] ?? ch;
    if (!out.endsWith(c)) out += c; // doubled letters (Szijjártó, Mogherini's rr) count once
  }
  return out;
}

/** Skeletons of the words of a full name, particles (al, bin, аль) left out. */
export function nameSkeleton(name: string, isParticle: (norm: string) => boolean): string[] {
  return name
    .split(/[\s\-‐‑]+/)
    .filter((w) => w.length > 0 && !isParticle(normWord(w)))
    .map(wordSkeleton)
    .filter((s) => s.length > 0);
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/**
 * Whether two names (as skeletons) are the same person's: the last words within
 * one edit (exact for short skeletons), and the first words alike when both have one.
 */
export function sameName(a: readonly string[], b: readonly string[]): boolean {
  const lastA = a[a.length - 1];
  const lastB = b[b.length - 1];
  if (lastA === undefined || lastB === undefined) return false;
  const close =
    lastA.length >= 3 && lastB.length >= 3 ? editDistanceAtMostOne(lastA, lastB) : lastA === lastB;
  if (!close) return false;
  if (a.length < 2 || b.length < 2) return true;
  const firstA = a[0] as string;
  const firstB = b[0] as string;
  return firstA[0] === firstB[0] || editDistanceAtMostOne(firstA, firstB);
}
