/**
 * Recognising the same release twice: near-duplicates (republished or
 * corrected under another URL) by SimHash over word shingles, and
 * translations (the same release in another language) by what survives
 * translation: the day, the entities and the numbers. Pure functions.
 */
import { createHash } from 'node:crypto';

const WORD = /[\p{L}\p{N}]+/gu;

function words(text: string): string[] {
  const tokens = text.toLowerCase().match(WORD) ?? [];
  // Chinese has no spaces: single characters stand in for words.
  return tokens.flatMap((t) => (/\p{Script=Han}/u.test(t) ? [...t] : [t]));
}

function hash64(text: string): bigint {
  return createHash('md5').update(text).digest().readBigUInt64BE(0);
}

/** 64-bit SimHash of the text's three-word shingles, as 16 hex characters. */
export function simhash(text: string): string {
  const tokens = words(text);
  const counts: number[] = new Array<number>(64).fill(0);
  const shingles =
    tokens.length < 3
      ? [tokens.join(' ')]
      : tokens.slice(2).map((_, i) => tokens.slice(i, i + 3).join(' '));
  for (const shingle of shingles) {
    const h = hash64(shingle);
    for (let bit = 0; bit < 64; bit++)
      counts[bit] = (counts[bit] ?? 0) + ((h >> BigInt(bit)) & 1n ? 1 : -1);
  }
  let value = 0n;
  for (let bit = 0; bit < 64; bit++) if ((counts[bit] ?? 0) > 0) value |= 1n << BigInt(bit);
  return value.toString(16).padStart(16, '0');
}

export function hammingDistance(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let count = 0;
  while (x) {
    x &= x - 1n;
    count++;
  }
  return count;
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
