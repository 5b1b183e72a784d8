/**
 * Query parameters of GET /api/search: validated here, and the same schema
 * generates the OpenAPI document. Filters are later built from these
 * validated values only.
 */
import { z } from 'zod';
import { langSchema, ministerIdSchema, sourceIdSchema } from '../domain/release.js';
import { isCountryCode } from '../entities/countries.js';

export const MAX_PER_PAGE = 100;
export const LABEL_LOCALES = ['en', 'ru', 'kk', 'zh'] as const;

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

/** Date.parse rolls 2023-02-30 over to March; a real date reads back the same. */
function isRealDate(value: string): boolean {
  const time = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(time)) return false;
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  const utc = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 0));
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

export const searchParamsSchema = z
  .object({
    q: z
      .string()
      .max(500, 'at most 500 characters')
      .optional()
      .describe('Keywords; empty lists the newest releases.'),
    country: repeated(
      countryCode,
      'ISO 3166-1 alpha-2 code of a country the release mentions; repeat for any of several.',
    ),
    minister: repeated(
      ministerIdSchema,
      'Id of a minister the release mentions (e.g. wang-yi); repeat for any of several.',
    ),
    source: repeated(
      sourceIdSchema,
      'Source id (kz-mfa, cn-mfa, us-state, …); repeat for any of several.',
    ),
    lang: repeated(
      langSchema,
      'Language of the release (ru, kk, en, zh); repeat for any of several.',
    ),
    from: dateParam.optional().describe('Published on or after this date (YYYY-MM-DD, UTC).'),
    to: dateParam
      .optional()
      .describe('Published on or before this date (YYYY-MM-DD, UTC; the whole day is included).'),
    sort: z
      .enum(['relevance', 'date_desc', 'date_asc'])
      .optional()
      .describe('Order of hits; default relevance with keywords, date_desc without.'),
    page: z.coerce
      .number()
      .int('must be a whole number')
      .min(1, 'must be 1 or more')
      .max(10_000)
      .default(1),
    perPage: z.coerce
      .number()
      .int('must be a whole number')
      .min(1, 'must be 1 or more')
      .max(MAX_PER_PAGE, `must be at most ${MAX_PER_PAGE}`)
      .default(20),
    locale: z
      .enum(LABEL_LOCALES)
      .optional()
      .describe('Language of facet labels; default from Accept-Language, else en.'),
  })
  .strict()
  .superRefine((params, ctx) => {
    if (params.from && params.to && Date.parse(params.from) > Date.parse(params.to)) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be later than "to"' });
    }
  });

export type SearchParams = z.output<typeof searchParamsSchema>;

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
  };
}
