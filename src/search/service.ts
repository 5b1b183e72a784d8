/**
 * The search domain: runs planned queries against Meilisearch and maps the
 * answers. The HTTP layer calls one method per request.
 */
import type { SearchParams as MeiliSearchParams, Meilisearch, SearchResponse } from 'meilisearch';
import type { Facet } from '../../index-config/settings.js';
import type { PressRelease } from '../domain/release.js';
import { AppError } from '../errors.js';
import { fromMeiliDocument } from '../indexing/document.js';
import { callMeili, meiliErrorCode } from '../meili/client.js';
import { ministerNameResolver, typedMatchesLabels } from './names.js';
import type { SearchableFacet, SearchQuery } from './params.js';
import {
  DISTINCT_FIELD,
  facetCountQuery,
  planSearch,
  planTranslations,
  preferredLanguage,
} from './query.js';
import type { FuzzyResolver } from './query-text.js';
import { planQueryText, typedQueryText } from './query-text.js';
import {
  FACET_PARAM,
  type FacetValue,
  facetLabel,
  facetLabels,
  mapFacets,
  mapHit,
  type SearchHit,
  type Translation,
} from './response.js';

export interface SearchResult {
  total: number;
  page: number;
  perPage: number;
  totalPages: number;
  hits: SearchHit[];
  facets: Record<string, FacetValue[]>;
  tookMs: number;
}

export interface FacetValuesResult {
  facet: SearchableFacet;
  q: string;
  values: FacetValue[];
}

/** API facet names → index fields. */
const FACET_FIELD = Object.fromEntries(
  Object.entries(FACET_PARAM).map(([field, param]) => [param, field]),
) as Record<SearchableFacet, Facet>;

/** How long the list of ministers in the index (for misspelt names) is reused. */
const NAME_CACHE_MS = 60_000;
const SOURCE_MISS_REREAD_MS = 1_000;

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

type Hit = Record<string, unknown>;

/** A `source` filter naming a source that is neither declared nor in the index. */
export class UnknownSourceError extends AppError {
  constructor(unknown: string[], known: string[]) {
    const list = known.length > 0 ? known.join(', ') : 'none yet';
    super(
      'INVALID_PARAMETER',
      `Invalid parameter "source" = ${JSON.stringify(unknown[0])}: is not a known source; known ones: ${list}`,
      400,
      unknown.map((value) => ({ param: 'source', value, message: 'is not a known source' })),
    );
  }
}

export interface SearchServiceOptions {
  /** `morphology: false` searches the words as typed (the benchmark's baseline). */
  morphology?: boolean;
  /** Declared source ids: valid filters even before the index holds their releases. */
  sources?: readonly string[];
}

export class SearchService {
  private names: { resolver: FuzzyResolver; until: number } | undefined;
  private indexSources: { ids: Set<string>; readAt: number } | undefined;

  constructor(
    private readonly client: Meilisearch,
    readonly indexUid: string,
    private readonly options: SearchServiceOptions = {},
  ) {}

  /**
   * Refuses a `source` filter that names no declared source and none the
   * index holds (imports bring their own ids), instead of answering nothing.
   */
  private async checkSources(requested: readonly string[]): Promise<void> {
    const declared = new Set(this.options.sources ?? []);
    const unknownNow = (ids: Set<string>) =>
      requested.filter((id) => !declared.has(id) && !ids.has(id));
    if (requested.length === 0 || unknownNow(new Set()).length === 0) return;
    const age = this.indexSources
      ? Date.now() - this.indexSources.readAt
      : Number.POSITIVE_INFINITY;
    let ids = age < NAME_CACHE_MS ? this.indexSources?.ids : undefined;
    // A miss reads the index again (a source imported a moment ago is valid), but at most
    // once a second: a stream of made-up sources costs the engine nothing more.
    if (!ids || (unknownNow(ids).length > 0 && age >= SOURCE_MISS_REREAD_MS)) {
      const [result] = await this.multi('list sources', [{ q: '', facets: ['source'], limit: 0 }]);
      ids = new Set(Object.keys(result?.facetDistribution?.source ?? {}));
      this.indexSources = { ids, readAt: Date.now() };
    }
    const unknown = unknownNow(ids);
    if (unknown.length > 0) {
      throw new UnknownSourceError(unknown, [...new Set([...declared, ...ids])].sort());
    }
  }

  private get morphology(): boolean {
    return this.options.morphology !== false;
  }

  private async planText(q: string) {
    if (!this.morphology) return typedQueryText(q);
    return planQueryText(q, q ? await this.nameResolver() : undefined);
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await callMeili(what, run);
    } catch (error) {
      if (meiliErrorCode(error) === 'index_not_found') throw new IndexMissingError(this.indexUid);
      throw error;
    }
  }

  private async multi(what: string, queries: MeiliSearchParams[]) {
    const { results } = await this.call(what, () =>
      this.client.multiSearch({
        queries: queries.map((params) => ({ ...params, indexUid: this.indexUid })),
      }),
    );
    return results as SearchResponse<Hit>[];
  }

  /** Misspelt minister names are resolved among the ministers the index holds. */
  private async nameResolver(): Promise<FuzzyResolver> {
    if (this.names && this.names.until > Date.now()) return this.names.resolver;
    const [result] = await this.multi('list ministers', [
      { q: '', facets: ['ministers'], limit: 0 },
    ]);
    const ids = Object.keys(result?.facetDistribution?.ministers ?? {});
    const resolver = ministerNameResolver(ids);
    this.names = { resolver, until: Date.now() + NAME_CACHE_MS };
    return resolver;
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const started = performance.now();
    await this.checkSources(query.sources);
    const plan = planSearch(query, {
      morphology: this.morphology,
      fuzzy: query.q && this.morphology ? await this.nameResolver() : undefined,
    });
    const [main, ...facetResults] = await this.multi('search', [
      plan.main,
      ...plan.facetQueries.map((f) => f.params),
    ]);
    if (!main) throw new AppError('INTERNAL', 'Meilisearch returned no result for the search.');
    const distribution: Record<string, Record<string, number>> = {
      ...(main.facetDistribution ?? {}),
    };
    plan.facetQueries.forEach(({ facet }, i) => {
      distribution[facet] = facetResults[i]?.facetDistribution?.[facet] ?? {};
    });
    const total = main.totalHits ?? main.estimatedTotalHits ?? 0;
    const keys = new Set(plan.text.highlightKeys);
    const hits = query.distinct
      ? await this.withTranslations(query, plan.text, main.hits)
      : main.hits.map((hit) => ({ hit, translations: [] }));
    return {
      total,
      page: query.page,
      perPage: query.perPage,
      totalPages: Math.ceil(total / query.perPage),
      hits: hits.map(({ hit, translations }) => mapHit(hit, keys, translations)),
      facets: mapFacets(distribution, query),
      tookMs: Math.round((performance.now() - started) * 10) / 10,
    };
  }

  /**
   * One hit per release: shown in the preferred language when that version
   * matches too, with links to every other version.
   */
  private async withTranslations(
    query: SearchQuery,
    text: ReturnType<typeof planQueryText>,
    hits: Hit[],
  ): Promise<{ hit: Hit; translations: Translation[] }[]> {
    if (hits.length === 0) return [];
    const groups = [...new Set(hits.map((h) => String(h[DISTINCT_FIELD] ?? h.id)))];
    const preferred = preferredLanguage(query.q, query.locale);
    const second = planTranslations(query, text, groups, preferred);
    const wantsSwap = hits.some((h) => h.lang !== preferred);
    const [members, swaps] = await this.multi('find translations', [
      second.members,
      ...(wantsSwap ? [second.preferred] : []),
    ]);
    const byGroup = new Map<string, Translation[]>();
    for (const member of members?.hits ?? []) {
      const group = String(member[DISTINCT_FIELD]);
      const list = byGroup.get(group) ?? [];
      list.push({ lang: String(member.lang), id: String(member.id), url: String(member.url) });
      byGroup.set(group, list);
    }
    const preferredHit = new Map<string, Hit>();
    for (const hit of swaps?.hits ?? []) preferredHit.set(String(hit[DISTINCT_FIELD]), hit);
    return hits.map((original) => {
      const group = String(original[DISTINCT_FIELD] ?? original.id);
      const hit = original.lang === preferred ? original : (preferredHit.get(group) ?? original);
      const translations = (byGroup.get(group) ?? [])
        .filter((t) => t.id !== hit.id)
        .sort((a, b) => (a.lang < b.lang ? -1 : a.lang > b.lang ? 1 : 0));
      return { hit, translations };
    });
  }

  /**
   * Facet value search: the values of one facet that the current query and
   * the other facets' filters leave, whose labels (in any language) match
   * what was typed, with their counts, most frequent first.
   */
  async facetValues(
    facet: SearchableFacet,
    typed: string,
    query: SearchQuery,
    limit: number,
  ): Promise<FacetValuesResult> {
    await this.checkSources(query.sources);
    const field = FACET_FIELD[facet];
    const text = await this.planText(query.q);
    const [result] = await this.multi('search facet values', [facetCountQuery(query, text, field)]);
    const counts = result?.facetDistribution?.[field] ?? {};
    const entity =
      field === 'countries' ? 'country' : field === 'ministers' ? 'minister' : undefined;
    const values = Object.entries(counts)
      .filter(([value]) =>
        typedMatchesLabels(
          typed,
          facetLabels(field, value),
          entity ? { [entity]: value } : undefined,
        ),
      )
      .map(([value, count]) => ({ value, label: facetLabel(field, value, query.locale), count }))
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, query.locale))
      .slice(0, limit);
    return { facet, q: typed, values };
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
