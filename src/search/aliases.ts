/**
 * Alias tokens: a release carries one token per country and minister of its
 * facets, and a query that names a country or minister, in any language,
 * script, case or abbreviation the entity gazetteers know (КНР, Китая, ҚХР,
 * China, 中国), is rewritten to the same token. So the query finds every
 * release whose facet holds the entity, however its text words it.
 * Datelines get their Latin spellings, so "Chengdu" finds "Чэнду".
 */
import type { PressRelease } from '../domain/release.js';
import { words } from './morphology.js';
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
