/**
 * The OpenAPI 3.1 document, generated from the zod schemas that validate
 * requests and describe responses, so documentation and behaviour agree.
 */
import { z } from 'zod';
import { releaseIdSchema } from '../domain/release.js';
import { facetParamsSchema, SEARCHABLE_FACETS, searchParamsSchema } from '../search/params.js';
import {
  errorResponseSchema,
  facetValuesResponseSchema,
  healthResponseSchema,
  readyResponseSchema,
  releaseResponseSchema,
  searchResponseSchema,
} from './schemas.js';
import { sourcesResponseSchema } from './sources-schema.js';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

function queryParameters(schema: z.ZodType): JsonSchema[] {
  const objectSchema = schemaOf(schema, 'input') as {
    properties: Record<string, JsonSchema>;
  };
  return Object.entries(objectSchema.properties).map(([name, schema]) => {
    const { description, ...rest } = schema;
    const repeatable = Array.isArray(rest.anyOf);
    return {
      name,
      in: 'query',
      required: false,
      ...(description ? { description } : {}),
      ...(repeatable
        ? { schema: (rest.anyOf as JsonSchema[])[1], style: 'form', explode: true }
        : { schema: rest }),
    };
  });
}

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema: schemaOf(schema) } },
});

const errorResponse = (description: string) => json(errorResponseSchema, description);

export function buildOpenApiDocument(version: string): JsonSchema {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Press-release search API',
      version,
      description:
        'Keyword search over foreign-ministry press releases with facets by country, minister, source, language and date.',
    },
    paths: {
      '/api/search': {
        get: {
          summary: 'Search releases',
          description:
            'Keywords plus filters. Values inside one filter are OR-ed, different filters are AND-ed. Facet counts of a filtered facet ignore that facet’s own selection.',
          parameters: queryParameters(searchParamsSchema),
          responses: {
            200: json(searchResponseSchema, 'Hits, facet counts and paging'),
            400: errorResponse('A parameter is invalid; details name it and the value given'),
            503: errorResponse('The search engine did not answer in time'),
          },
        },
      },
      '/api/facets/{facet}': {
        get: {
          summary: 'Search the values of one facet',
          description:
            'For long lists (ministers, countries): the values whose labels, in any language, inflected form or transliteration, match q, with counts under the current query and filters (the facet’s own selection left out, as /api/search counts).',
          parameters: [
            {
              name: 'facet',
              in: 'path',
              required: true,
              schema: { type: 'string', enum: [...SEARCHABLE_FACETS] },
            },
            ...queryParameters(facetParamsSchema),
          ],
          responses: {
            200: json(facetValuesResponseSchema, 'Matching values and counts'),
            400: errorResponse('Unknown facet or invalid parameter; details name it'),
            503: errorResponse('The search engine did not answer in time'),
          },
        },
      },
      '/api/releases/{id}': {
        get: {
          summary: 'One release with its full text',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: schemaOf(releaseIdSchema) },
          ],
          responses: {
            200: json(releaseResponseSchema, 'The release'),
            400: errorResponse('The id is not a release id'),
            404: errorResponse('No release has this id'),
            503: errorResponse('The search engine did not answer in time'),
          },
        },
      },
      '/api/sources': {
        get: {
          summary: 'Sources and the state of their crawl',
          description:
            'Each source the service crawls: its last run (status, pages, new and updated releases, errors by code), releases in the archive, releases waiting for the index, and when the next crawl starts.',
          responses: { 200: json(sourcesResponseSchema, 'One entry per source') },
        },
      },
      '/api/health': {
        get: {
          summary: 'Liveness: the process is up',
          responses: { 200: json(healthResponseSchema, 'Alive') },
        },
      },
      '/api/ready': {
        get: {
          summary: 'Readiness: Meilisearch reachable and index settings applied',
          responses: {
            200: json(readyResponseSchema, 'Ready to serve searches'),
            503: json(readyResponseSchema, 'Not ready; checks say which part is missing'),
          },
        },
      },
    },
  };
}
