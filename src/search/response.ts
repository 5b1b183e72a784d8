/**
 * Meilisearch answers → API answers. Text from documents is HTML-escaped and
 * the only markup added is <mark> around matches.
 */

import { sourceName } from '../../crawler/sources/index.js';
import { FACETS, type Facet } from '../../index-config/settings.js';
import { countryLabel } from '../entities/countries.js';
import { ministerById, ministerLabel } from '../entities/index.js';
import { textOf } from '../indexing/document.js';
import { markKeyMatches, withoutMarkers } from './highlight.js';
import { LABEL_LOCALES, type SearchQuery } from './params.js';
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
  month: 'month',
};

const languageNames = new Map<string, Intl.DisplayNames>();
const monthNames = new Map<string, Intl.DateTimeFormat>();

/** "2024-03" → "March 2024" in the locale. */
function monthLabel(value: string, locale: string): string {
  let format = monthNames.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat([locale, 'en'], {
      year: 'numeric',
      month: 'long',
      timeZone: 'UTC',
    });
    monthNames.set(locale, format);
  }
  const [year, month] = value.split('-').map(Number);
  if (!year || !month) return value;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, 1);
  return format.format(date);
}

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
    case 'month':
      return monthLabel(value, locale);
  }
}

/** Every label of a value, in all locales, plus the value itself: what facet search matches. */
export function facetLabels(facet: Facet, value: string): string[] {
  const labels = new Set([value, ...LABEL_LOCALES.map((l) => facetLabel(facet, value, l))]);
  if (facet === 'ministers') {
    for (const name of Object.values(ministerById(value)?.names ?? {})) if (name) labels.add(name);
    labels.add(value.replace(/-/g, ' '));
  }
  return [...labels];
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
    month: [],
  };
  const facets: Record<string, FacetValue[]> = {};
  for (const facet of FACETS) {
    const counts = { ...(distribution[facet] ?? {}) };
    for (const value of selected[facet]) counts[value] ??= 0;
    const values = Object.entries(counts).map(([value, count]) => ({
      value,
      label: facetLabel(facet, value, query.locale),
      count,
    }));
    // The month histogram runs in time order; the other facets by count.
    facets[FACET_PARAM[facet]] =
      facet === 'month'
        ? values.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
        : values.sort(
            (a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
          );
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
  /** The same release in other languages (with distinct on). */
  translations: Translation[];
}

export interface Translation {
  lang: string;
  id: string;
  url: string;
}

/**
 * A Meilisearch hit → an API hit. Title and snippet come cropped from
 * `_formatted`; words matching the query only through another form
 * (`highlightKeys`) are marked here.
 */
export function mapHit(
  hit: Record<string, unknown>,
  highlightKeys: ReadonlySet<string> = new Set(),
  translations: Translation[] = [],
): SearchHit {
  const formatted = { ...((hit._formatted ?? {}) as Record<string, unknown>), lang: hit.lang };
  const title = markKeyMatches(textOf(formatted, 'title'), highlightKeys);
  const body = textOf(formatted, 'body').replace(/\s+/g, ' ').trim();
  return {
    id: String(hit.id),
    url: String(hit.url),
    title: withoutMarkers(title),
    titleHtml: highlightToHtml(title),
    published: typeof hit.published === 'string' ? hit.published : null,
    source: String(hit.source),
    lang: String(hit.lang),
    countries: (hit.countries as string[] | undefined) ?? [],
    ministers: (hit.ministers as string[] | undefined) ?? [],
    snippet: highlightToHtml(markKeyMatches(body, highlightKeys)),
    translations,
  };
}
