/**
 * GET /api/facets/:facet against a real index of real releases: labels in
 * every language, inflected and transliterated forms, counts under the query
 * and filters (disjunctive for the facet's own selection), bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorResponseSchema,
  facetValuesResponseSchema,
  searchResponseSchema,
} from '../../src/http/schemas.js';
import { type SearchFixture, startSearchFixture } from '../helpers/search-app.js';

let fx: SearchFixture;

async function facetSearch(facet: string, params: Record<string, string | string[]> = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of [v].flat()) qs.append(k, x);
  const { status, body } = await fx.api(`/api/facets/${facet}?${qs}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return facetValuesResponseSchema.parse(body);
}

async function total(params: Record<string, string | string[]>) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of [v].flat()) qs.append(k, x);
  const { status, body } = await fx.api(`/api/search?${qs}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return searchResponseSchema.parse(body).total;
}

beforeAll(async () => {
  fx = await startSearchFixture('facets-api');
}, 300_000);

afterAll(async () => {
  await fx?.close();
});

describe('minister values', () => {
  it.each([
    'нур',
    'Нур',
    'Нұр',
    'nur',
    'Nurtleu',
    'Нұртілеу',
    'Нуртлеуом',
    'Нұртілеудің',
    'Мурат',
    'Nurtleuu',
  ])('finds Murat Nurtleu from "%s"', async (q) => {
    const result = await facetSearch('minister', { q });
    expect(result.facet).toBe('minister');
    expect(result.q).toBe(q);
    const nurtleu = result.values.find((v) => v.value === 'murat-nurtleu');
    expect(nurtleu, JSON.stringify(result.values)).toBeDefined();
    expect(nurtleu?.label).toBe('Murat Nurtleu');
    expect(nurtleu?.count).toBe(await total({ minister: 'murat-nurtleu' }));
  });

  it('labels values in the requested locale and falls back to English for others', async () => {
    const ru = await facetSearch('minister', { q: 'Lavrov', locale: 'ru' });
    expect(ru.values[0]).toMatchObject({ value: 'sergey-lavrov', label: 'Сергей Лавров' });
    const fr = await facetSearch('minister', { q: 'Lavrov', locale: 'fr' });
    expect(fr.values[0]).toMatchObject({ value: 'sergey-lavrov', label: 'Sergey Lavrov' });
  });

  it('lists the most frequent values when nothing is typed, within the limit', async () => {
    const result = await facetSearch('minister', { limit: '3' });
    expect(result.values).toHaveLength(3);
    const counts = result.values.map((v) => v.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(counts.every((c) => c > 0)).toBe(true);
  });

  it('answers no values when nothing matches', async () => {
    expect((await facetSearch('minister', { q: 'zzzzqqq' })).values).toEqual([]);
  });
});

describe('country values', () => {
  it.each([
    ['Қаз', 'KZ'],
    ['Kaz', 'KZ'],
    ['казахстана', 'KZ'],
    ['РК', 'KZ'],
    ['Қытай', 'CN'],
    ['КНР', 'CN'],
    ['中国', 'CN'],
    ['chin', 'CN'],
    ['США', 'US'],
  ])('"%s" finds %s', async (q, code) => {
    const result = await facetSearch('country', { q });
    expect(result.values.map((v) => v.value)).toContain(code);
  });
});

describe('counts', () => {
  it('count under the current query and the other filters', async () => {
    const params = { query: 'министр', lang: 'ru' };
    const result = await facetSearch('country', { ...params, q: 'к' });
    expect(result.values.length).toBeGreaterThan(1);
    for (const value of result.values.slice(0, 4)) {
      expect(value.count, value.value).toBe(
        await total({ q: 'министр', lang: 'ru', country: value.value }),
      );
    }
  });

  it("leave out the facet's own selection (disjunctive), as /api/search counts do", async () => {
    const selected = await facetSearch('country', { country: 'KZ', q: 'Росс' });
    const ru = selected.values.find((v) => v.value === 'RU');
    expect(ru?.count).toBe(await total({ country: 'RU' }));
    const { body } = await fx.api('/api/search?country=KZ');
    const fromSearch = searchResponseSchema
      .parse(body)
      .facets.country.find((v) => v.value === 'RU')?.count;
    expect(ru?.count).toBe(fromSearch);
  });

  it('honour the date range', async () => {
    const within = await facetSearch('lang', { from: '2022-01-01', to: '2022-12-31' });
    for (const value of within.values) {
      expect(value.count).toBe(
        await total({ lang: value.value, from: '2022-01-01', to: '2022-12-31' }),
      );
    }
  });

  it('search the source and language facets by their labels in any locale', async () => {
    expect((await facetSearch('source', { q: 'Государств' })).values.map((v) => v.value)).toEqual([
      'us-state',
    ]);
    expect((await facetSearch('lang', { q: 'русск' })).values.map((v) => v.value)).toEqual(['ru']);
    expect((await facetSearch('lang', { q: 'Chin' })).values.map((v) => v.value)).toEqual(['zh']);
  });
});

describe('bad input', () => {
  it.each([
    ['/api/facets/ministers', 'facet', 'ministers'],
    ['/api/facets/year', 'facet', 'year'],
    ['/api/facets/minister?limit=101', 'limit', '101'],
    ['/api/facets/minister?limit=0', 'limit', '0'],
    ['/api/facets/minister?country=XX', 'country', 'XX'],
    ['/api/facets/minister?q=a&q=b', 'q', ['a', 'b']],
    ['/api/facets/minister?facetQuery=x', 'facetQuery', 'x'],
    [`/api/facets/minister?query=${'x'.repeat(401)}`, 'query', 'x'.repeat(401)],
  ])('%s → 400 naming %s', async (path, param, value) => {
    const { status, body } = await fx.api(path);
    expect(status).toBe(400);
    const error = errorResponseSchema.parse(body).error;
    expect(error.code).toBe('INVALID_PARAMETER');
    expect(error.message).toContain(`"${param}"`);
    expect(error.details).toContainEqual(expect.objectContaining({ param, value }));
  });
});
