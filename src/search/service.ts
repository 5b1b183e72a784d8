/**
 * The search domain: runs planned queries against Meilisearch and maps the
 * answers. The HTTP layer calls one method per request.
 */
import type { Meilisearch } from 'meilisearch';
import type { PressRelease } from '../domain/release.js';
import { AppError } from '../errors.js';
import { fromMeiliDocument } from '../indexing/document.js';
import { callMeili, meiliErrorCode } from '../meili/client.js';
import type { SearchQuery } from './params.js';
import { planSearch } from './query.js';
import { type FacetValue, mapFacets, mapHit, type SearchHit } from './response.js';

export interface SearchResult {
  total: number;
  page: number;
  perPage: number;
  totalPages: number;
  hits: SearchHit[];
  facets: Record<string, FacetValue[]>;
  tookMs: number;
}

export class ReleaseNotFoundError extends AppError {
  constructor(id: string) {
    super('RELEASE_NOT_FOUND', `No release with id ${id}.`, 404, { id });
  }
}

/** The index does not exist yet: the service is starting or was never set up. */
export class IndexMissingError extends AppError {
  constructor(uid: string) {
    super(
      'SEARCH_NOT_READY',
      `The search index "${uid}" does not exist yet; try again shortly.`,
      503,
    );
  }
}

export class SearchService {
  constructor(
    private readonly client: Meilisearch,
    readonly indexUid: string,
  ) {}

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await callMeili(what, run);
    } catch (error) {
      if (meiliErrorCode(error) === 'index_not_found') throw new IndexMissingError(this.indexUid);
      throw error;
    }
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const started = performance.now();
    const plan = planSearch(query);
    const { results } = await this.call('search', () =>
      this.client.multiSearch({
        queries: [plan.main, ...plan.facetQueries.map((f) => f.params)].map((params) => ({
          indexUid: this.indexUid,
          ...params,
        })),
      }),
    );
    const [main, ...facetResults] = results;
    if (!main) throw new AppError('INTERNAL', 'Meilisearch returned no result for the search.');
    const distribution: Record<string, Record<string, number>> = {
      ...(main.facetDistribution ?? {}),
    };
    plan.facetQueries.forEach(({ facet }, i) => {
      distribution[facet] = facetResults[i]?.facetDistribution?.[facet] ?? {};
    });
    const total = main.totalHits ?? main.estimatedTotalHits ?? 0;
    return {
      total,
      page: query.page,
      perPage: query.perPage,
      totalPages: Math.ceil(total / query.perPage),
      hits: main.hits.map((hit) => mapHit(hit)),
      facets: mapFacets(distribution, query),
      tookMs: Math.round((performance.now() - started) * 10) / 10,
    };
  }

  async getRelease(id: string): Promise<PressRelease> {
    try {
      const document = await this.call('read a release', () =>
        this.client.index(this.indexUid).getDocument(id),
      );
      return fromMeiliDocument(document);
    } catch (error) {
      if (meiliErrorCode(error) === 'document_not_found') throw new ReleaseNotFoundError(id);
      throw error;
    }
  }

  /** Number of releases in the index. */
  async count(): Promise<number> {
    const stats = await this.call('count releases', () =>
      this.client.index(this.indexUid).getStats(),
    );
    return stats.numberOfDocuments;
  }

  /** Whether Meilisearch answers its health check. */
  async healthy(): Promise<boolean> {
    try {
      await callMeili('check health', () => this.client.health());
      return true;
    } catch {
      return false;
    }
  }
}
