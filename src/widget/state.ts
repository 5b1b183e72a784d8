/**
 * What the visitor searched for, as plain data: read from and written to URL
 * parameters (the page URL and the API request use the same names). Pure, so
 * the unit tests run it in Node.
 */

export const FILTER_KEYS = ['country', 'minister', 'source', 'lang'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export const SORTS = ['relevance', 'date_desc', 'date_asc'] as const;
export type Sort = (typeof SORTS)[number];

export type Filters = Record<FilterKey, string[]>;

export interface SearchState {
  q: string;
  filters: Filters;
  /** YYYY-MM-DD or "". */
  from: string;
  to: string;
  /** "" = the API's default (relevance with keywords, newest without). */
  sort: Sort | '';
  page: number;
}

/** Every URL parameter the widget owns; others in the page URL are left alone. */
export const STATE_KEYS = ['q', ...FILTER_KEYS, 'from', 'to', 'sort', 'page'] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const emptyFilters = (): Filters => ({ country: [], minister: [], source: [], lang: [] });

export function emptyState(q = ''): SearchState {
  return { q, filters: emptyFilters(), from: '', to: '', sort: '', page: 1 };
}

export const isFilterKey = (key: string): key is FilterKey =>
  (FILTER_KEYS as readonly string[]).includes(key);

/** Filters given as URL parameters (`country=KZ&source=kz-mfa`); unknown keys are returned apart. */
export function readFilters(params: URLSearchParams): { filters: Filters; unknown: string[] } {
  const filters = emptyFilters();
  const unknown: string[] = [];
  for (const [key, value] of params) {
    if (!isFilterKey(key)) unknown.push(key);
    else if (value && !filters[key].includes(value)) filters[key].push(value);
  }
  return { filters, unknown };
}

/** State from URL parameters; malformed values fall back to their defaults. */
export function readState(params: URLSearchParams): SearchState {
  const state = emptyState(params.get('q') ?? '');
  for (const key of FILTER_KEYS) state.filters[key] = [...new Set(params.getAll(key))];
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  state.from = DAY.test(from) ? from : '';
  state.to = DAY.test(to) ? to : '';
  const sort = params.get('sort') ?? '';
  state.sort = (SORTS as readonly string[]).includes(sort) ? (sort as Sort) : '';
  const page = Number(params.get('page'));
  state.page = Number.isInteger(page) && page > 1 ? page : 1;
  return state;
}

/** True when the parameters hold any of the widget's keys. */
export const hasState = (params: URLSearchParams): boolean =>
  STATE_KEYS.some((key) => params.has(key));

/** Writes the state's non-default values into params, replacing the widget's own keys only. */
export function writeState(state: SearchState, params: URLSearchParams): URLSearchParams {
  for (const key of STATE_KEYS) params.delete(key);
  if (state.q) params.set('q', state.q);
  for (const key of FILTER_KEYS) for (const value of state.filters[key]) params.append(key, value);
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.sort) params.set('sort', state.sort);
  if (state.page > 1) params.set('page', String(state.page));
  return params;
}

/** The visitor's filters with the site owner's fixed ones in their place, so those can never be widened. */
function withFixed(state: SearchState, fixed: Filters): SearchState {
  const filters = { ...state.filters };
  for (const key of FILTER_KEYS) if (fixed[key].length > 0) filters[key] = fixed[key];
  return { ...state, filters };
}

/** The query string of GET /api/search. */
export function searchParams(
  state: SearchState,
  options: { fixed: Filters; perPage: number; locale: string },
): URLSearchParams {
  const params = writeState(withFixed(state, options.fixed), new URLSearchParams());
  params.set('perPage', String(options.perPage));
  params.set('locale', options.locale);
  return params;
}

/**
 * The query string of GET /api/facets/:facet: the typed text, the keywords,
 * and every filter except the facet's own, so values keep the counts that
 * choosing them would give (as in the disjunctive facet counts).
 */
export function facetSearchParams(
  state: SearchState,
  facet: FilterKey,
  text: string,
  options: { fixed: Filters; locale: string; limit: number },
): URLSearchParams {
  const scoped = withFixed(state, options.fixed);
  scoped.filters[facet] = options.fixed[facet];
  const params = writeState({ ...scoped, q: '', sort: '', page: 1 }, new URLSearchParams());
  params.set('q', text);
  if (state.q) params.set('query', state.q);
  params.set('locale', options.locale);
  params.set('limit', String(options.limit));
  return params;
}

/** The same search without its date range: the histogram shows every period to choose from. */
export const withoutDates = (state: SearchState): SearchState => ({
  ...state,
  from: '',
  to: '',
  page: 1,
});

/** Adds or removes one facet value; any change of filters goes back to page 1. */
export function toggleFilter(state: SearchState, key: FilterKey, value: string): SearchState {
  const current = state.filters[key];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return { ...state, filters: { ...state.filters, [key]: next }, page: 1 };
}

export const sameState = (a: SearchState, b: SearchState): boolean =>
  writeState(a, new URLSearchParams()).toString() ===
  writeState(b, new URLSearchParams()).toString();

/** First and last day of a period "2024" or "2024-03" (UTC calendar). */
export function periodRange(period: string): { from: string; to: string } {
  const [year, month] = period.split('-').map(Number);
  if (!month) return { from: `${year}-01-01`, to: `${year}-12-31` };
  const last = new Date(Date.UTC(year ?? 0, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, '0');
  return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${last}` };
}

/** A year ("2024") or a month ("2024-03") and how many releases it holds. */
export interface Period {
  value: string;
  count: number;
}

/** The next period: "2024" → "2025", "2024-12" → "2025-01". */
function nextPeriod(period: string): string {
  const [year = 0, month] = period.split('-').map(Number);
  if (!month) return String(year + 1);
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

/** Periods in order with the empty ones between them, so a histogram shows gaps as gaps. */
export function fillPeriods(periods: Period[], limit = 120): Period[] {
  const valid = periods.filter((p) => /^\d{4}(-\d{2})?$/.test(p.value));
  const sorted = [...valid].sort((a, b) => (a.value < b.value ? -1 : 1));
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return [];
  const counts = new Map(sorted.map((p) => [p.value, p.count]));
  const filled: Period[] = [];
  for (let p = first.value; p <= last.value && filled.length < limit; p = nextPeriod(p)) {
    filled.push({ value: p, count: counts.get(p) ?? 0 });
  }
  return filled;
}
