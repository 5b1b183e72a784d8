/**
 * Talks to the service's public API (never to Meilisearch, so the widget holds
 * no key). Answers are read field by field as untrusted data: a bundled schema
 * library would cost more than the rest of the widget, and every value ends
 * up as text anyway.
 */

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface Hit {
  id: string;
  url: string;
  title: string;
  titleHtml: string;
  snippet: string;
  published: string | null;
  source: string;
  lang: string;
}

export interface SearchAnswer {
  total: number;
  page: number;
  totalPages: number;
  hits: Hit[];
  facets: Record<string, FacetValue[]>;
}

/** Why a request failed: the service did not answer, is busy (503), or refused the request. */
export class ApiError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'busy' | 'refused',
    message: string,
  ) {
    super(message);
  }
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const num = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : 0;
const list = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.filter((v) => v && typeof v === 'object') : [];

function readFacetValues(value: unknown): FacetValue[] {
  return list(value).map((v) => ({
    value: str(v.value),
    label: str(v.label) || str(v.value),
    count: num(v.count),
  }));
}

export function readSearchAnswer(body: Record<string, unknown>): SearchAnswer {
  const facets: Record<string, FacetValue[]> = {};
  const rawFacets = body.facets && typeof body.facets === 'object' ? body.facets : {};
  for (const [key, values] of Object.entries(rawFacets)) facets[key] = readFacetValues(values);
  return {
    total: num(body.total),
    page: num(body.page) || 1,
    totalPages: num(body.totalPages),
    hits: list(body.hits).map((hit) => ({
      id: str(hit.id),
      url: str(hit.url),
      title: str(hit.title),
      titleHtml: str(hit.titleHtml),
      snippet: str(hit.snippet),
      published: str(hit.published) || null,
      source: str(hit.source),
      lang: str(hit.lang),
    })),
    facets,
  };
}

/** GET a JSON document from the API; aborted requests reject with the signal's AbortError. */
export async function getJson(url: string, signal: AbortSignal): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  } catch (error) {
    if (signal.aborted) throw error;
    // A network failure and an origin the API does not allow look the same from here.
    throw new ApiError('unreachable', String(error));
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok) return body;
  const problem = (body.error ?? {}) as Record<string, unknown>;
  throw new ApiError(
    response.status === 503 ? 'busy' : response.status >= 500 ? 'unreachable' : 'refused',
    str(problem.message) || `HTTP ${response.status}`,
  );
}

export const readFacetSearch = (body: Record<string, unknown>): FacetValue[] =>
  readFacetValues(body.values);
