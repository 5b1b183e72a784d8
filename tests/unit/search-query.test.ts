import { describe, expect, it } from 'vitest';
import { type SearchQuery, searchParamsSchema, toSearchQuery } from '../../src/search/params.js';
import { buildFilter, planSearch } from '../../src/search/query.js';

function query(overrides: Partial<SearchQuery> = {}): SearchQuery {
  return {
    q: '',
    countries: [],
    ministers: [],
    sources: [],
    langs: [],
    sort: 'date_desc',
    page: 1,
    perPage: 20,
    locale: 'en',
    distinct: true,
    ...overrides,
  };
}

describe('search parameters', () => {
  it('accepts single and repeated filters and normalizes them', () => {
    const params = searchParamsSchema.parse({
      q: ' energy ',
      country: ['kz', 'CN', 'kz'],
      lang: 'ru',
    });
    const q = toSearchQuery(params);
    expect(q.countries).toEqual(['KZ', 'CN']);
    expect(q.langs).toEqual(['ru']);
    expect(q.q).toBe('energy');
    expect(q.sort).toBe('relevance');
  });

  it('drops emoji and flags from the keywords', () => {
    expect(toSearchQuery(searchParamsSchema.parse({ q: '🇰🇿🤝 energy 👍🏽 security' })).q).toBe(
      'energy security',
    );
    expect(toSearchQuery(searchParamsSchema.parse({ q: '😀' })).q).toBe('');
    expect(toSearchQuery(searchParamsSchema.parse({ q: 'Казахстан 中国' })).q).toBe(
      'Казахстан 中国',
    );
  });

  it('lists newest first when there are no keywords', () => {
    expect(toSearchQuery(searchParamsSchema.parse({})).sort).toBe('date_desc');
  });

  it('makes "to" a whole day and "from" its start, in UTC', () => {
    const q = toSearchQuery(searchParamsSchema.parse({ from: '2023-12-01', to: '2023-12-01' }));
    expect(q.fromTs).toBe(Date.UTC(2023, 11, 1) / 1000);
    expect(q.toTs).toBe(Date.UTC(2023, 11, 2) / 1000 - 1);
  });

  it.each([
    [{ country: 'KZ" OR lang = "en' }, 'country'],
    [{ country: 'XX' }, 'country'],
    [{ minister: 'wang yi' }, 'minister'],
    [{ source: 'us-state" OR source != "x' }, 'source'],
    [{ lang: 'english' }, 'lang'],
    [{ from: '2023-13-01' }, 'from'],
    [{ from: '2023-02-30' }, 'from'],
    [{ from: 'yesterday' }, 'from'],
    [{ from: '2024-01-01', to: '2023-01-01' }, 'from'],
    [{ sort: 'newest' }, 'sort'],
    [{ page: '0' }, 'page'],
    [{ page: 'two' }, 'page'],
    [{ perPage: '101' }, 'perPage'],
    [{ perPage: '2.5' }, 'perPage'],
    [{ q: ['a', 'b'] }, 'q'],
    [{ locale: 'fr<x>' }, 'locale'],
  ])('rejects %j naming %s', (input, param) => {
    const result = searchParamsSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path[0])).toContain(param);
  });

  it('rejects unknown parameters instead of ignoring them', () => {
    const result = searchParamsSchema.safeParse({ contry: 'KZ' });
    expect(result.success).toBe(false);
  });
});

describe('filter building', () => {
  it('ORs values inside a facet and ANDs facets and dates', () => {
    const filter = buildFilter(
      query({ countries: ['KZ', 'CN'], langs: ['ru'], fromTs: 10, toTs: 20 }),
    );
    expect(filter).toEqual([
      'countries IN ["KZ", "CN"]',
      'lang IN ["ru"]',
      'publishedTs >= 10',
      'publishedTs <= 20',
    ]);
  });

  it('quotes values as JSON strings, so a quote cannot end the string', () => {
    const filter = buildFilter(query({ sources: ['a"b'] }));
    expect(filter).toEqual(['source IN ["a\\"b"]']);
  });

  it('asks for disjunctive counts of each facet with a selection', () => {
    const plan = planSearch(query({ countries: ['KZ'], sources: ['us-state'] }));
    expect(plan.main.facets).toEqual(['ministers', 'lang', 'year', 'month']);
    expect(plan.facetQueries.map((f) => f.facet)).toEqual(['countries', 'source']);
    expect(plan.facetQueries[0]?.params.filter).toEqual(['source IN ["us-state"]']);
    expect(plan.facetQueries[1]?.params.filter).toEqual(['countries IN ["KZ"]']);
  });

  it('sorts by date only when asked', () => {
    expect(planSearch(query({ sort: 'date_asc' })).main.sort).toEqual(['publishedTs:asc']);
    expect(planSearch(query({ q: 'x', sort: 'relevance' })).main.sort).toBeUndefined();
  });
});
