/** GET /api/facets/:facet — facet value search for long lists (ministers, countries). */
import { Router } from 'express';
import { facetParamsSchema, facetPathSchema, facetSearchQuery } from '../search/params.js';
import type { SearchService } from '../search/service.js';
import { localeFrom, parseOrThrow } from './validate.js';

export function facetRoutes(search: Pick<SearchService, 'facetValues'>): Router {
  const router = Router();
  router.get('/api/facets/:facet', async (request, response) => {
    const { facet } = parseOrThrow(facetPathSchema, request.params);
    const params = parseOrThrow(facetParamsSchema, request.query);
    const query = facetSearchQuery(params, localeFrom(request));
    response.json(await search.facetValues(facet, params.q ?? '', query, params.limit));
  });
  return router;
}
