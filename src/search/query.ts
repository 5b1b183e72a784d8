/**
 * SearchQuery → Meilisearch requests. Pure: no I/O, easy to test.
 *
 * Values inside a facet are OR-ed, facets are AND-ed. Facet counts are
 * disjunctive, as search UIs expect: the counts of a facet with a selection
 * come from a second query without that facet's own filter, so choosing
 * "KZ" still shows how many releases "CN" would add.
 *
 * With `distinct` (the default) Meilisearch keeps one release per
 * translation group, and its facet counts count those kept releases too
 * (checked in tests/integration/search-morphology.test.ts), so counts agree
 * with hits.
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
import {
  type FuzzyResolver,
  type PlannedText,
  planQueryText,
  typedQueryText,
} from './query-text.js';

/** Markers Meilisearch puts around matches; control characters never occur in stored text. */
export const HIGHLIGHT_START = '\u0001';
export const HIGHLIGHT_END = '\u0002';
export const CROP_MARKER = '…';

const SNIPPET_WORDS = 30;
/** Titles are cropped too: a hit never carries a whole oversized text. */
const TITLE_WORDS = 40;
export const DISTINCT_FIELD = 'translationGroup';

const languages = [...Object.keys(TEXT_LANGUAGES), OTHER_LANGUAGE];
const titleFields = languages.map((lang) => textFieldName('title', lang));
const bodyFields = languages.map((lang) => textFieldName('body', lang));

/** What a hit carries: never the whole body (GET /api/releases/:id has it). */
export const HIT_ATTRIBUTES = [
  'id',
  'url',
  'source',
  'lang',
  'published',
  'countries',
  'ministers',
  DISTINCT_FIELD,
];

/** Which facet each query selection filters. */
function selections(query: SearchQuery): Record<Facet, string[]> {
  return {
    countries: query.countries,
    ministers: query.ministers,
    source: query.sources,
    lang: query.langs,
    year: [],
    month: [],
  };
}

/** `field IN ["a", "b"]`; values are validated upstream and quoted as JSON strings. */
export function inFilter(field: string, values: string[]): string {
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

/** Highlighting and cropping of hits: titles and snippets, never whole texts. */
export const HIT_FORMATTING = {
  attributesToHighlight: [...titleFields, ...bodyFields],
  attributesToCrop: [...titleFields.map((f) => `${f}:${TITLE_WORDS}`), ...bodyFields],
  cropLength: SNIPPET_WORDS,
  cropMarker: CROP_MARKER,
  highlightPreTag: HIGHLIGHT_START,
  highlightPostTag: HIGHLIGHT_END,
} satisfies MeiliSearchParams;

export interface PlanOptions {
  /** Resolves misspelt names to alias tokens (see names.ts). */
  fuzzy?: FuzzyResolver | undefined;
  /** Inflection and aliases (default on); off searches the words as typed. */
  morphology?: boolean;
}

export interface PlannedSearch {
  /** The keywords as rewritten for Meilisearch, and the keys to highlight. */
  text: PlannedText;
  /** The hits query: all filters, facets without a selection. */
  main: MeiliSearchParams;
  /** One count-only query per facet that has a selection. */
  facetQueries: { facet: Facet; params: MeiliSearchParams }[];
}

/** The parts every query of one search shares: rewritten keywords and distinct. */
function common(query: SearchQuery, text: PlannedText): MeiliSearchParams {
  return { q: text.q, ...(query.distinct ? { distinct: DISTINCT_FIELD } : {}) };
}

export function planSearch(query: SearchQuery, options: PlanOptions = {}): PlannedSearch {
  const text =
    options.morphology === false ? typedQueryText(query.q) : planQueryText(query.q, options.fuzzy);
  const selected = selections(query);
  const openFacets = FACETS.filter((facet) => selected[facet].length === 0);
  const sort = sortOf(query);
  const main: MeiliSearchParams = {
    ...common(query, text),
    filter: buildFilter(query),
    facets: openFacets,
    page: query.page,
    hitsPerPage: query.perPage,
    ...(sort ? { sort } : {}),
    attributesToRetrieve: HIT_ATTRIBUTES,
    ...HIT_FORMATTING,
  };
  const facetQueries = FACETS.filter((facet) => selected[facet].length > 0).map((facet) => ({
    facet,
    params: facetCountQuery(query, text, facet),
  }));
  return { text, main, facetQueries };
}

/**
 * Counts of one facet's values under the query and the other facets' filters.
 * Page mode (`hitsPerPage: 0`), not `limit: 0`: Meilisearch 1.21 applies
 * `distinct` to facet counts only in page mode, so with `limit` the counts
 * would be of language versions while the hits are of releases.
 */
export function facetCountQuery(
  query: SearchQuery,
  text: PlannedText,
  facet: Facet,
): MeiliSearchParams {
  return {
    ...common(query, text),
    filter: buildFilter(query, facet),
    facets: [facet],
    page: 1,
    hitsPerPage: 0,
  };
}

/**
 * The language a hit should be shown in when its release exists in several:
 * the query's, when its script says it (Chinese characters, Latin letters,
 * letters only Kazakh has), else the caller's locale.
 */
export function preferredLanguage(q: string, locale: string): string {
  if (/\p{Script=Han}/u.test(q)) return 'zh';
  if (/[әғқңөұүһі]/iu.test(q)) return 'kk';
  if (/\p{Script=Cyrillic}/u.test(q)) return locale === 'kk' ? 'kk' : 'ru';
  if (/\p{Script=Latin}/u.test(q)) return 'en';
  return locale;
}

/**
 * Second round for a page of distinct hits: every version of their groups
 * (links to the other languages), and the versions in the preferred language
 * that match the query, to show instead of another language's.
 */
export function planTranslations(
  query: SearchQuery,
  text: PlannedText,
  groups: string[],
  preferred: string,
): { members: MeiliSearchParams; preferred: MeiliSearchParams } {
  const inGroups = inFilter(DISTINCT_FIELD, groups);
  return {
    members: {
      q: '',
      filter: [inGroups],
      limit: Math.min(1000, groups.length * 10),
      attributesToRetrieve: ['id', 'lang', 'url', DISTINCT_FIELD],
    },
    preferred: {
      q: text.q,
      filter: [...buildFilter(query), inGroups, inFilter('lang', [preferred])],
      distinct: DISTINCT_FIELD,
      limit: groups.length,
      attributesToRetrieve: HIT_ATTRIBUTES,
      ...HIT_FORMATTING,
    },
  };
}
