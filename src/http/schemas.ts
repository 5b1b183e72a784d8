/**
 * Response shapes of the API as zod schemas: they generate the OpenAPI
 * document, and tests parse real responses with them.
 */
import { z } from 'zod';
import { pressReleaseSchema } from '../domain/release.js';

export const facetValueSchema = z.object({
  value: z.string(),
  label: z.string().describe('Display name in the requested locale'),
  count: z.number().int().min(0),
});

export const searchHitSchema = z.object({
  id: z.string(),
  url: z.string(),
  title: z.string(),
  titleHtml: z.string().describe('Title, HTML-escaped, matches wrapped in <mark>'),
  published: z.string().nullable(),
  source: z.string(),
  lang: z.string(),
  countries: z.array(z.string()),
  ministers: z.array(z.string()),
  snippet: z
    .string()
    .describe('Body text around the matches, HTML-escaped, matches wrapped in <mark>'),
  translations: z
    .array(z.object({ lang: z.string(), id: z.string(), url: z.string() }))
    .describe('The same release in other languages (empty with distinct=off)'),
});

export const searchResponseSchema = z.object({
  total: z.number().int().min(0),
  page: z.number().int().min(1),
  perPage: z.number().int().min(1),
  totalPages: z.number().int().min(0),
  hits: z.array(searchHitSchema),
  facets: z.object({
    country: z.array(facetValueSchema),
    minister: z.array(facetValueSchema),
    source: z.array(facetValueSchema),
    lang: z.array(facetValueSchema),
    year: z.array(facetValueSchema),
    month: z
      .array(facetValueSchema)
      .describe('Histogram of the results by month ("2024-03"), in time order'),
  }),
  tookMs: z.number().min(0),
});

export const facetValuesResponseSchema = z.object({
  facet: z.enum(['country', 'minister', 'source', 'lang']),
  q: z.string().describe('The text the values were matched against'),
  values: z
    .array(facetValueSchema)
    .describe('Matching values with their counts under the query and filters, most frequent first'),
});

export const releaseResponseSchema = pressReleaseSchema;

export const errorResponseSchema = z.object({
  error: z.object({
    code: z
      .string()
      .describe(
        'Stable code: INVALID_PARAMETER, NOT_FOUND, RELEASE_NOT_FOUND, SEARCH_UNAVAILABLE, SEARCH_NOT_READY, INTERNAL',
      ),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

export const healthResponseSchema = z.object({
  status: z.literal('ok'),
  uptimeSeconds: z.number(),
});

export const readyResponseSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({
    meilisearch: z.boolean().describe('Meilisearch answered its health check'),
    settings: z.boolean().describe('Index settings were applied at start-up'),
  }),
});
