/**
 * Alias tokens: a release carries one token per country and minister of its
 * facets, and a query that names a country or minister, in any language,
 * script, case or abbreviation the entity gazetteers know (КНР, Китая, ҚХР,
 * China, 中国), is rewritten to the same token. So the query finds every
 * release whose facet holds the entity, however its text words it.
 * Datelines get their Latin spellings, so "Chengdu" finds "Чэнду".
 */
import type { PressRelease } from '../domain/release.js';
import { COUNTRY_CODES, countryLabel } from '../entities/index.js';
import { normalizeWord, stemText, words } from './morphology.js';
import { placeSpellings } from './translit.js';

/** Tokens are letters only (Meilisearch would split at punctuation) and never real words. */
export function countryToken(code: string): string {
  return `zzc${code.toLowerCase()}`;
}

export function ministerToken(id: string): string {
  return `zzm${id.replace(/[^a-z0-9]/g, '')}`;
}

/** The content of a release's aliases field. */
export function releaseAliases(
  release: Pick<PressRelease, 'countries' | 'ministers' | 'dateline'>,
): string {
  const tokens = [...release.countries.map(countryToken), ...release.ministers.map(ministerToken)];
  for (const word of words(release.dateline ?? '')) {
    if (/\p{Script=Cyrillic}/u.test(word)) tokens.push(...placeSpellings(word));
  }
  return tokens.join(' ');
}

const LABEL_LANGUAGES = ['en', 'ru', 'kk', 'zh'];

/**
 * Meilisearch synonyms that widen each country token to the country's names
 * in the four languages, as keys (stems): a release that names the country
 * without the extractor having given it the facet is still found.
 */
export function aliasSynonyms(): Record<string, string[]> {
  const synonyms: Record<string, string[]> = {};
  for (const code of COUNTRY_CODES) {
    const names = new Set<string>();
    for (const locale of LABEL_LANGUAGES) {
      const label = countryLabel(code, locale);
      if (!label || label === code) continue;
      // Keys, which the shadow fields hold, rather than the names as typed:
      // the typed word follows the token in the query, and the same text
      // word matching both would fake perfect proximity. Names without keys
      // (Chinese) stay as written.
      const keys = stemText(label);
      if (keys.primary) names.add(keys.primary);
      if (keys.kazakh) names.add(keys.kazakh);
      if (!keys.primary && !keys.kazakh) names.add(words(label).map(normalizeWord).join(' '));
    }
    if (names.size > 0) synonyms[countryToken(code)] = [...names];
  }
  return synonyms;
}
