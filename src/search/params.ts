/**
 * Query parameters of GET /api/search: validated here, and the same schema
 * generates the OpenAPI document. Filters are later built from these
 * validated values only.
 */
import { z } from 'zod';
import { MAX_TOTAL_HITS } from '../../index-config/settings.js';
import { langSchema, ministerIdSchema, sourceIdSchema } from '../domain/release.js';
import { isCountryCode } from '../entities/countries.js';
import { ministerById } from '../entities/index.js';

export const MAX_PER_PAGE = 100;
/** Longest keyword query accepted: longer ones are pasted text, not searches. */
export const MAX_QUERY_LENGTH = 400;
export const MAX_FACET_LIMIT = 100;
export const LABEL_LOCALES = ['en', 'ru', 'kk', 'zh'] as const;
export type LabelLocale = (typeof LABEL_LOCALES)[number];

/** The label language for a language tag: its own when labels exist in it, else English. */
export function labelLocale(tag: string): LabelLocale {
  const primary = tag.toLowerCase().split(/[-_]/)[0];
  return (LABEL_LOCALES as readonly string[]).includes(primary ?? '')
    ? (primary as LabelLocale)
    : 'en';
}

/** A parameter that may be given once or repeated (?country=KZ&country=CN). */
function repeated<T extends z.ZodType<string, string>>(item: T, description: string) {
  return z
    .union([item, z.array(item).max(50, 'at most 50 values')])
    .optional()
    .transform((value): z.output<T>[] =>
      value === undefined ? [] : [...new Set(Array.isArray(value) ? value : [value])],
    )
    .describe(description);
}

const countryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as KZ')
  .refine((code) => isCountryCode(code.toUpperCase()), 'is not an ISO 3166-1 alpha-2 country code');

/**
 * Date.parse rolls 2023-02-30 over to March; a real date reads back the same.
 * setUTCFullYear, unlike Date.UTC, takes years 0–99 as they are.
 */
function isRealDate(value: string): boolean {
  const time = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(time)) return false;
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  const utc = new Date(0);
  utc.setUTCFullYear(year ?? 0, (month ?? 1) - 1, day ?? 0);
  return (
    utc.getUTCFullYear() === year && utc.getUTCMonth() + 1 === month && utc.getUTCDate() === day
  );
}

const dateParam = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/,
    'must be a date YYYY-MM-DD or an ISO 8601 date-time with time zone',
  )
  .refine(isRealDate, 'is not a real calendar date');

const keywords = z
  .string()
  .max(MAX_QUERY_LENGTH, `at most ${MAX_QUERY_LENGTH} characters (the cap on query length)`)
  .optional();

/** A minister of the gazetteer or one discovered in texts (restored from the archive at start). */
const knownMinister = ministerIdSchema.refine(
  (id) => ministerById(id) !== undefined,
  'is not a known minister id; find ids with GET /api/facets/minister?q=NAME',
);

const LANGUAGE_NAMES = new Intl.DisplayNames('en', { type: 'language', fallback: 'none' });

/** A language code ICU knows ("fr" is one, with no releases yet; "xx" is none). */
const knownLanguage = langSchema.refine(
  // zod runs this after a failed format check too, and ICU throws on a malformed code.
  (code) => /^[a-z]{2}$/.test(code) && LANGUAGE_NAMES.of(code) !== undefined,
  'is not an ISO 639-1 language code (ru, kk, en, zh, …)',
);

/** Filters shared by /api/search and /api/facets/:facet. */
const filterParams = {
  country: repeated(
    countryCode,
    'ISO 3166-1 alpha-2 code of a country the release mentions; repeat for any of several.',
  ),
  minister: repeated(
    knownMinister,
    'Id of a minister the release mentions (e.g. wang-yi); repeat for any of several.',
  ),
  source: repeated(
    sourceIdSchema,
    'Source id (kz-mfa, cn-mfa, us-state, …); repeat for any of several.',
  ),
  lang: repeated(
    knownLanguage,
    'Language of the release (ru, kk, en, zh); repeat for any of several.',
  ),
  from: dateParam.optional().describe('Published on or after this date (YYYY-MM-DD, UTC).'),
  to: dateParam
    .optional()
    .describe('Published on or before this date (YYYY-MM-DD, UTC; the whole day is included).'),
  locale: z
    .string()
    .regex(/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/, 'must be a language tag such as ru or en-GB')
    .transform(labelLocale)
    .optional()
    .describe(
      'Language of facet labels (en, ru, kk, zh; any other language falls back to English); default from Accept-Language, else en.',
    ),
};

/** "from" after "to" (a whole day) is an empty range: said rather than answered with nothing. */
function checkRange(
  params: { from?: string | undefined; to?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if (params.from && params.to && toSeconds(params.from, false) > toSeconds(params.to, true)) {
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be later than "to"' });
  }
}

export const searchParamsSchema = z
  .object({
    q: keywords.describe(
      'Keywords, in any form of the words (inflection-aware for Russian, Kazakh and English); "quoted phrases" match as phrases; names of countries and ministers in any language find the releases that mention them. Empty lists the newest releases.',
    ),
    ...filterParams,
    sort: z
      .enum(['relevance', 'date_desc', 'date_asc'])
      .optional()
      .describe('Order of hits; default relevance with keywords, date_desc without.'),
    page: z.coerce
      .number()
      .int('must be a whole number')
      .min(1, 'must be 1 or more')
      .max(MAX_TOTAL_HITS, `must be at most ${MAX_TOTAL_HITS}`)
      .default(1),
    perPage: z.coerce
      .number()
      .int('must be a whole number')
      .min(1, 'must be 1 or more')
      .max(MAX_PER_PAGE, `must be at most ${MAX_PER_PAGE} (the cap on page size)`)
      .default(20),
    distinct: z
      .enum(['on', 'off'])
      .default('on')
      .describe(
        'on (default): one hit per release, in the language of the query or of locale when that version matches, with links to its other languages; off: every language version is a hit of its own.',
      ),
  })
  .strict()
  .superRefine((params, ctx) => {
    checkRange(params, ctx);
    // Meilisearch serves no hit past maxTotalHits: a deeper page is refused, not silently empty.
    if (params.page * params.perPage > MAX_TOTAL_HITS) {
      ctx.addIssue({
        code: 'custom',
        path: ['page'],
        message: `page × perPage must be at most ${MAX_TOTAL_HITS} (the cap on result depth); narrow the search instead`,
      });
    }
  });

export type SearchParams = z.output<typeof searchParamsSchema>;

/** API names of the facets whose values can be searched (GET /api/facets/:facet). */
export const SEARCHABLE_FACETS = ['country', 'minister', 'source', 'lang'] as const;
export type SearchableFacet = (typeof SEARCHABLE_FACETS)[number];

export const facetPathSchema = z
  .object({
    facet: z.enum(SEARCHABLE_FACETS, {
      error: `is not a facet whose values can be searched; use one of ${SEARCHABLE_FACETS.join(', ')}`,
    }),
  })
  .strict();

/** Query parameters of GET /api/facets/:facet. */
export const facetParamsSchema = z
  .object({
    q: keywords.describe(
      "Text typed into the facet's search box: matched against the values' labels in every language, in any grammatical form and transliteration (нур, Нұртілеу, Nurtleu).",
    ),
    query: keywords.describe(
      'The current keyword query (what /api/search calls q): counts are under it.',
    ),
    ...filterParams,
    limit: z.coerce
      .number()
      .int('must be a whole number')
      .min(1, 'must be 1 or more')
      .max(MAX_FACET_LIMIT, `must be at most ${MAX_FACET_LIMIT}`)
      .default(10)
      .describe(`Most values to return (1–${MAX_FACET_LIMIT}, default 10).`),
  })
  .strict()
  .superRefine(checkRange);

export type FacetParams = z.output<typeof facetParamsSchema>;

/** Normalized values the query builder works with. */
export interface SearchQuery {
  q: string;
  countries: string[];
  ministers: string[];
  sources: string[];
  langs: string[];
  /** Unix seconds, inclusive. */
  fromTs?: number | undefined;
  toTs?: number | undefined;
  sort: 'relevance' | 'date_desc' | 'date_asc';
  page: number;
  perPage: number;
  locale: (typeof LABEL_LOCALES)[number];
  /** One hit per translation group (default) or every language version. */
  distinct: boolean;
}

const DAY_SECONDS = 86_400;

/**
 * Emoji and flags carry no searchable meaning, and Meilisearch would count
 * them as words that no release contains; they are dropped from the query.
 */
export function withoutPictographs(q: string): string {
  return q
    .replace(
      /(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u200D|\uFE0F|\u20E3)/gu,
      ' ',
    )
    .replace(/\s+/g, ' ')
    .trim();
}

function toSeconds(value: string, endOfDay: boolean): number {
  const seconds = Math.floor(Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) / 1000);
  return endOfDay && value.length === 10 ? seconds + DAY_SECONDS - 1 : seconds;
}

export function toSearchQuery(
  params: SearchParams,
  fallbackLocale: SearchQuery['locale'] = 'en',
): SearchQuery {
  const q = withoutPictographs(params.q ?? '');
  return {
    q,
    countries: params.country.map((c) => c.toUpperCase()),
    ministers: params.minister,
    sources: params.source,
    langs: params.lang,
    fromTs: params.from ? toSeconds(params.from, false) : undefined,
    toTs: params.to ? toSeconds(params.to, true) : undefined,
    sort: params.sort ?? (q ? 'relevance' : 'date_desc'),
    page: params.page,
    perPage: params.perPage,
    locale: params.locale ?? fallbackLocale,
    distinct: params.distinct === 'on',
  };
}

/** The facet search's parameters as the search query whose results it counts. */
export function facetSearchQuery(
  params: FacetParams,
  fallbackLocale: SearchQuery['locale'] = 'en',
): SearchQuery {
  return toSearchQuery(
    {
      ...params,
      q: params.query,
      sort: undefined,
      page: 1,
      perPage: 1,
      distinct: 'on',
    },
    fallbackLocale,
  );
}
