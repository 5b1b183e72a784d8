/**
 * Cyrillic (Russian and Kazakh letters) to Latin, for names that cross
 * scripts: datelines ("Чэнду" → "chendu", and "chengdu" for Chinese syllables
 * that Russian writes with н) and minister names ("Нұртілеу" → "nurtileu").
 */
import { CYRILLIC_LATIN } from '../entities/index.js';

/**
 * The gazetteer's letter table (one source of truth for names), with the
 * looser spellings search keys match: й and ё as most Latin texts write them,
 * Kazakh ң as "ng".
 */
const LATIN: Readonly<Record<string, string>> = { ...CYRILLIC_LATIN, ё: 'e', й: 'y', ң: 'ng' };

/** Lowercase Latin spelling of a word; Latin letters stay, diacritics go. */
export function toLatin(word: string): string {
  return [...word.toLowerCase()]
    .map((c) => LATIN[c] ?? c)
    .join('')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

/**
 * A spelling-insensitive key for comparing names across scripts and
 * transliteration systems: Latin, no doubled letters, kh/h, y/i, j/zh,
 * ck/k and w/v merged.
 */
export function nameKey(word: string): string {
  return toLatin(word)
    .replace(/kh/g, 'h')
    .replace(/zh|j/g, 'z')
    .replace(/w/g, 'v')
    .replace(/ck|q|c(?!h)/g, 'k')
    .replace(/y/g, 'i')
    .replace(/(.)\1+/g, '$1');
}

/**
 * Latin spellings of a Cyrillic place name: the plain one, and one with
 * "ng" for a syllable-final н (Russian renders Chinese -ng as н: Чэнду is
 * Chengdu).
 */
export function placeSpellings(word: string): string[] {
  const plain = toLatin(word);
  const spellings = new Set([plain]);
  if (/n(?![aeiouy])/.test(plain)) spellings.add(plain.replace(/n(?![aeiouyg])/g, 'ng'));
  return [...spellings];
}
