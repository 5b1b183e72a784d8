/**
 * Meilisearch answers → API answers. Text from documents is HTML-escaped and
 * the only markup added is <mark> around matches.
 */

import { sourceName } from '../../crawler/sources/index.js';
import { FACETS, type Facet } from '../../index-config/settings.js';
import { countryLabel } from '../entities/countries.js';
import { ministerLabel } from '../entities/index.js';
import { textOf } from '../indexing/document.js';
import type { SearchQuery } from './params.js';
import { HIGHLIGHT_END, HIGHLIGHT_START } from './query.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const MARKERS = new RegExp(`([${HIGHLIGHT_START}${HIGHLIGHT_END}])`);

/**
 * Escapes text that carries highlight markers and turns balanced marker
 * pairs into <mark>…</mark>; stray markers are dropped.
 */
export function highlightToHtml(text: string): string {
  let html = '';
  let open = false;
  for (const part of text.split(MARKERS)) {
    if (part === HIGHLIGHT_START) {
      if (!open) html += '<mark>';
      open = true;
    } else if (part === HIGHLIGHT_END) {
      if (open) html += '</mark>';
      open = false;
    } else {
      html += escapeHtml(part);
    }
  }
  return open ? `${html}</mark>` : html;
}

/** API names of the facets (query parameter names, singular). */
export const FACET_PARAM: Record<Facet, string> = {
  countries: 'country',
  ministers: 'minister',
  source: 'source',
  lang: 'lang',
  year: 'year',
};

const languageNames = new Map<string, Intl.DisplayNames>();

function languageLabel(code: string, locale: string): string {
  let names = languageNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale, 'en'], { type: 'language', fallback: 'code' });
    languageNames.set(locale, names);
  }
  return names.of(code) ?? code;
}

export function facetLabel(facet: Facet, value: string, locale: string): string {
  switch (facet) {
    case 'countries':
      return countryLabel(value, locale);
    case 'ministers':
      return ministerLabel(value, locale);
    case 'source':
      return sourceName(value, locale);
    case 'lang':
      return languageLabel(value, locale);
    case 'year':
      return value;
  }
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

/**
 * Facet values sorted by count, then value, with the caller's labels.
 * Selected values that match nothing are kept with count 0 so a UI can
 * still show and clear them.
 */
export function mapFacets(
  distribution: Record<string, Record<string, number>>,
  query: SearchQuery,
): Record<string, FacetValue[]> {
  const selected: Record<Facet, string[]> = {
    countries: query.countries,
    ministers: query.ministers,
    source: query.sources,
    lang: query.langs,
    year: [],
  };
  const facets: Record<string, FacetValue[]> = {};
  for (const facet of FACETS) {
    const counts = { ...(distribution[facet] ?? {}) };
    for (const value of selected[facet]) counts[value] ??= 0;
    facets[FACET_PARAM[facet]] = Object.entries(counts)
      .map(([value, count]) => ({ value, label: facetLabel(facet, value, query.locale), count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  }
  return facets;
}

export interface SearchHit {
  id: string;
  url: string;
  title: string;
  /** Title, HTML-escaped, matches in <mark>. */
  titleHtml: string;
  published: string | null;
  source: string;
  lang: string;
  countries: string[];
  ministers: string[];
  /** Part of the body around the matches, HTML-escaped, matches in <mark>. */
  snippet: string;
}

export function mapHit(hit: Record<string, unknown>): SearchHit {
  const formatted = (hit._formatted ?? {}) as Record<string, unknown>;
  const withLang = { ...formatted, lang: hit.lang };
  return {
    id: String(hit.id),
    url: String(hit.url),
    title: textOf(hit, 'title'),
    titleHtml: highlightToHtml(textOf(withLang, 'title') || textOf(hit, 'title')),
    published: typeof hit.published === 'string' ? hit.published : null,
    source: String(hit.source),
    lang: String(hit.lang),
    countries: (hit.countries as string[] | undefined) ?? [],
    ministers: (hit.ministers as string[] | undefined) ?? [],
    snippet: highlightToHtml(textOf(withLang, 'body').replace(/\s+/g, ' ').trim()),
  };
}
