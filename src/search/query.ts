/**
 * SearchQuery → Meilisearch requests. Pure: no I/O, easy to test.
 *
 * Values inside a facet are OR-ed, facets are AND-ed. Facet counts are
 * disjunctive, as search UIs expect: the counts of a facet with a selection
 * come from a second query without that facet's own filter, so choosing
 * "KZ" still shows how many releases "CN" would add.
 */
import type { SearchParams as MeiliSearchParams } from 'meilisearch';
import {
  FACETS,
  type Facet,
  OTHER_LANGUAGE,
  TEXT_LANGUAGES,
  textFieldName,
} from '../../index-config/settings.js';
import type { SearchQuery } from './params.js';

/** Markers Meilisearch puts around matches; control characters never occur in stored text. */
export const HIGHLIGHT_START = '\u0001';
export const HIGHLIGHT_END = '\u0002';

const SNIPPET_WORDS = 30;

const languages = [...Object.keys(TEXT_LANGUAGES), OTHER_LANGUAGE];
const titleFields = languages.map((lang) => textFieldName('title', lang));
const bodyFields = languages.map((lang) => textFieldName('body', lang));

/** Which facet each query selection filters. */
function selections(query: SearchQuery): Record<Facet, string[]> {
  return {
    countries: query.countries,
    ministers: query.ministers,
    source: query.sources,
    lang: query.langs,
    year: [],
  };
}

/** `field IN ["a", "b"]`; values are validated upstream and quoted as JSON strings. */
function inFilter(field: string, values: string[]): string {
  return `${field} IN [${values.map((v) => JSON.stringify(v)).join(', ')}]`;
}

/** The filter expressions (AND-ed), leaving out one facet's own selection when asked. */
export function buildFilter(query: SearchQuery, except?: Facet): string[] {
  const filter: string[] = [];
  for (const [facet, values] of Object.entries(selections(query)) as [Facet, string[]][]) {
    if (facet !== except && values.length > 0) filter.push(inFilter(facet, values));
  }
  if (query.fromTs !== undefined) filter.push(`publishedTs >= ${Math.trunc(query.fromTs)}`);
  if (query.toTs !== undefined) filter.push(`publishedTs <= ${Math.trunc(query.toTs)}`);
  return filter;
}

function sortOf(query: SearchQuery): string[] | undefined {
  if (query.sort === 'date_desc') return ['publishedTs:desc'];
  if (query.sort === 'date_asc') return ['publishedTs:asc'];
  return undefined;
}

export interface PlannedSearch {
  /** The hits query: all filters, facets without a selection. */
  main: MeiliSearchParams;
  /** One count-only query per facet that has a selection. */
  facetQueries: { facet: Facet; params: MeiliSearchParams }[];
}

export function planSearch(query: SearchQuery): PlannedSearch {
  const selected = selections(query);
  const openFacets = FACETS.filter((facet) => selected[facet].length === 0);
  const sort = sortOf(query);
  const main: MeiliSearchParams = {
    q: query.q,
    filter: buildFilter(query),
    facets: openFacets,
    page: query.page,
    hitsPerPage: query.perPage,
    ...(sort ? { sort } : {}),
    attributesToRetrieve: [
      'id',
      'url',
      'source',
      'lang',
      'published',
      'countries',
      'ministers',
      ...titleFields,
    ],
    attributesToHighlight: [...titleFields, ...bodyFields],
    attributesToCrop: bodyFields,
    cropLength: SNIPPET_WORDS,
    cropMarker: '…',
    highlightPreTag: HIGHLIGHT_START,
    highlightPostTag: HIGHLIGHT_END,
  };
  const facetQueries = FACETS.filter((facet) => selected[facet].length > 0).map((facet) => ({
    facet,
    params: {
      q: query.q,
      filter: buildFilter(query, facet),
      facets: [facet],
      limit: 0,
    } satisfies MeiliSearchParams,
  }));
  return { main, facetQueries };
}
