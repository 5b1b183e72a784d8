/**
 * Recognising the same release twice: near-duplicates (republished or
 * corrected under another URL) by SimHash over word shingles, and
 * translations (the same release in another language) by what survives
 * translation: the day, the entities and the numbers. Pure functions.
 */
const WORD = /[\p{L}\p{N}]+/gu;
const HAN = /\p{Script=Han}/u;

/** The text's words, lowercased; the first `limit` only (the rest is not even read). */
function words(text: string, limit = Number.POSITIVE_INFINITY): string[] {
  const found: string[] = [];
  for (const [word] of text.toLowerCase().matchAll(WORD)) {
    // Chinese has no spaces: single characters stand in for words.
    if (HAN.test(word)) found.push(...word);
    else found.push(word);
    if (found.length >= limit) return found.slice(0, limit);
  }
  return found;
}

/** Two differently seeded 32-bit FNV-style hashes: 64 bits, no BigInt, no crypto (this runs per shingle). */
function hash64(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [a >>> 0, b >>> 0];
}

function mix(x: number, y: number): number {
  let h = Math.imul(x ^ (y >>> 16), 0x85ebca6b) ^ y;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * 64-bit SimHash of the text's three-word shingles, as 16 hex characters.
 * Each word is hashed once and a shingle's hash mixes its three words' hashes,
 * so no shingle string is ever built.
 */
export function simhash(text: string): string {
  // A prefilter only (resemblance decides), so the opening 2,000 words are enough.
  const hashes = words(text, 2000).map(hash64);
  const counts = new Int32Array(64);
  const add = (high: number, low: number) => {
    for (let bit = 0; bit < 32; bit++) {
      counts[bit] = (counts[bit] ?? 0) + ((low >>> bit) & 1 ? 1 : -1);
      counts[bit + 32] = (counts[bit + 32] ?? 0) + ((high >>> bit) & 1 ? 1 : -1);
    }
  };
  if (hashes.length < 3) {
    const [high, low] = hash64(words(text).join(' '));
    add(high, low);
  }
  for (let i = 2; i < hashes.length; i++) {
    const [a1, a2] = hashes[i - 2] as [number, number];
    const [b1, b2] = hashes[i - 1] as [number, number];
    const [c1, c2] = hashes[i] as [number, number];
    add(mix(mix(a1, b1), c1), mix(mix(a2, b2), c2));
  }
  let low = 0;
  let high = 0;
  for (let bit = 0; bit < 32; bit++) {
    if ((counts[bit] ?? 0) > 0) low |= 1 << bit;
    if ((counts[bit + 32] ?? 0) > 0) high |= 1 << bit;
  }
  return (high >>> 0).toString(16).padStart(8, '0') + (low >>> 0).toString(16).padStart(8, '0');
}

function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

export function hammingDistance(a: string, b: string): number {
  const half = (h: string, from: number) => Number.parseInt(h.slice(from, from + 8), 16);
  return popcount32(half(a, 0) ^ half(b, 0)) + popcount32(half(a, 8) ^ half(b, 8));
}

/** Close SimHashes: worth comparing the texts (cheap filter before `resemblance`). */
export function isNearDuplicate(a: string, b: string, maxDistance = 16): boolean {
  return hammingDistance(a, b) <= maxDistance;
}

function shingles(text: string): Set<string> {
  const tokens = words(text);
  if (tokens.length < 2) return new Set(tokens);
  return new Set(tokens.slice(1).map((t, i) => `${tokens[i]} ${t}`));
}

/** Jaccard resemblance of the two texts' word pairs, 0 to 1. */
export function resemblance(a: string, b: string): number {
  return jaccard(shingles(a), shingles(b));
}

/**
 * The same release republished or corrected: SimHash close, and at least 80%
 * of word pairs shared. SimHash alone is too coarse for short releases, where
 * one changed figure moves 8–10 of 64 bits.
 */
export function isSameText(
  a: { text: string; hash: string },
  b: { text: string; hash: string },
): boolean {
  return isNearDuplicate(a.hash, b.hash) && resemblance(a.text, b.text) >= 0.8;
}

/** Numbers as written in any language, normalized ("36,5" and "36.5" are one number). */
export function numbersIn(text: string): Set<string> {
  const found = text.match(/\d+(?:[.,]\d+)?/g) ?? [];
  return new Set(
    found.map((n) => n.replace(',', '.')).filter((n) => n.replace('.', '').length >= 2),
  );
}

export interface TranslationCandidate {
  source: string;
  lang: string;
  /** The publication day (YYYY-MM-DD) or null. */
  day: string | null;
  countries: string[];
  ministers: string[];
  numbers: Set<string>;
}

function jaccard<T>(a: Set<T>, b: Set<T>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * Translations: same source and day, different languages, the same countries
 * and ministers, and mostly the same numbers. Without entities or numbers to
 * compare there is not enough evidence, and the answer is no.
 */
export function isTranslation(a: TranslationCandidate, b: TranslationCandidate): boolean {
  if (a.source !== b.source || a.lang === b.lang || !a.day || a.day !== b.day) return false;
  const same = (x: string[], y: string[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  if (!same([...a.countries].sort(), [...b.countries].sort())) return false;
  if (!same([...a.ministers].sort(), [...b.ministers].sort())) return false;
  const evidence =
    a.countries.length + a.ministers.length + Math.min(a.numbers.size, b.numbers.size);
  return evidence >= 2 && jaccard(a.numbers, b.numbers) >= 0.6;
}
