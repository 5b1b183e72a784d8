/**
 * The widget's pure parts, run in Node: URL state, API query strings, fixed
 * filters, periods, links, languages and plural forms.
 */
import { describe, expect, it } from 'vitest';
import { safeUrl } from '../../src/widget/dom.js';
import {
  countText,
  dateFormat,
  LANGS,
  MESSAGES,
  monthFormat,
  numberFormat,
  toLang,
} from '../../src/widget/i18n.js';
import {
  emptyFilters,
  emptyState,
  facetSearchParams,
  fillPeriods,
  hasState,
  periodRange,
  readFilters,
  readState,
  sameState,
  searchParams,
  toggleFilter,
  writeState,
} from '../../src/widget/state.js';

describe('URL state', () => {
  it('writes only non-default values and reads them back', () => {
    const state = {
      ...emptyState('energy security'),
      filters: { ...emptyFilters(), country: ['KZ', 'CN'], minister: ['wang-yi'] },
      from: '2022-01-01',
      to: '2022-12-31',
      sort: 'date_asc' as const,
      page: 3,
    };
    const params = writeState(state, new URLSearchParams());
    expect(params.toString()).toBe(
      'q=energy+security&country=KZ&country=CN&minister=wang-yi&from=2022-01-01&to=2022-12-31&sort=date_asc&page=3',
    );
    expect(readState(params)).toEqual(state);
    expect(writeState(emptyState(), new URLSearchParams()).toString()).toBe('');
  });

  it("leaves the host page's own parameters alone", () => {
    const params = new URLSearchParams('utm_source=mail&q=old&page=4');
    writeState(emptyState('new'), params);
    expect(params.toString()).toBe('utm_source=mail&q=new');
    expect(hasState(new URLSearchParams('utm_source=mail'))).toBe(false);
    expect(hasState(new URLSearchParams('country=KZ'))).toBe(true);
  });

  it('drops malformed values instead of sending them', () => {
    const state = readState(new URLSearchParams('from=yesterday&to=2024-13&sort=random&page=-2'));
    expect(state).toEqual(emptyState());
    expect(readState(new URLSearchParams('page=2.5')).page).toBe(1);
    expect(readState(new URLSearchParams('country=KZ&country=KZ')).filters.country).toEqual(['KZ']);
  });

  it('compares states by what they would put in the URL', () => {
    expect(sameState(emptyState('a'), { ...emptyState('a'), page: 1 })).toBe(true);
    expect(sameState(emptyState('a'), emptyState('b'))).toBe(false);
  });
});

describe('API queries', () => {
  const fixed = { ...emptyFilters(), source: ['kz-mfa'] };

  it('puts the fixed filter in place of the visitor’s choice for that facet', () => {
    const state = {
      ...emptyState('visit'),
      filters: { ...emptyFilters(), source: ['us-state'], country: ['CN'] },
    };
    const params = searchParams(state, { fixed, perPage: 20, locale: 'ru' });
    expect(params.getAll('source')).toEqual(['kz-mfa']);
    expect(params.getAll('country')).toEqual(['CN']);
    expect(params.get('perPage')).toBe('20');
    expect(params.get('locale')).toBe('ru');
  });

  it('searches facet values under every filter but the facet’s own', () => {
    const state = {
      ...emptyState('talks'),
      filters: { ...emptyFilters(), minister: ['wang-yi'], country: ['KZ'] },
      from: '2023-01-01',
      page: 4,
      sort: 'date_desc' as const,
    };
    const params = facetSearchParams(state, 'minister', 'нур', { fixed, locale: 'en', limit: 20 });
    expect(Object.fromEntries(params)).toEqual({
      q: 'нур',
      query: 'talks',
      country: 'KZ',
      source: 'kz-mfa',
      from: '2023-01-01',
      locale: 'en',
      limit: '20',
    });
  });

  it('goes back to page 1 when a filter changes', () => {
    const state = { ...emptyState(), page: 5 };
    const on = toggleFilter(state, 'lang', 'kk');
    expect(on.filters.lang).toEqual(['kk']);
    expect(on.page).toBe(1);
    expect(toggleFilter(on, 'lang', 'kk').filters.lang).toEqual([]);
  });

  it('reads a fixed filter attribute and names unknown keys', () => {
    const { filters, unknown } = readFilters(new URLSearchParams('country=KZ&ministry=x'));
    expect(filters.country).toEqual(['KZ']);
    expect(unknown).toEqual(['ministry']);
  });
});

describe('periods', () => {
  it('gives the first and last day of a year or a month', () => {
    expect(periodRange('2022')).toEqual({ from: '2022-01-01', to: '2022-12-31' });
    expect(periodRange('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodRange('2023-02')).toEqual({ from: '2023-02-01', to: '2023-02-28' });
    expect(periodRange('2021-12')).toEqual({ from: '2021-12-01', to: '2021-12-31' });
  });

  it('fills the gaps between periods with empty ones, in order', () => {
    expect(
      fillPeriods([
        { value: '2024', count: 3 },
        { value: '2021', count: 1 },
      ]),
    ).toEqual([
      { value: '2021', count: 1 },
      { value: '2022', count: 0 },
      { value: '2023', count: 0 },
      { value: '2024', count: 3 },
    ]);
    expect(
      fillPeriods([
        { value: '2021-11', count: 2 },
        { value: '2022-01', count: 5 },
      ]).map((p) => p.value),
    ).toEqual(['2021-11', '2021-12', '2022-01']);
    expect(fillPeriods([{ value: 'garbage', count: 1 }])).toEqual([]);
    expect(
      fillPeriods([
        { value: '1000', count: 1 },
        { value: '3000', count: 1 },
      ]).length,
    ).toBe(120);
  });
});

describe('links', () => {
  it('keeps http(s) URLs and refuses every other scheme', () => {
    expect(safeUrl('https://www.state.gov/a?b=c')).toBe('https://www.state.gov/a?b=c');
    expect(safeUrl('http://example.org')).toBe('http://example.org/');
    for (const bad of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      '//evil.example/x',
      '',
    ]) {
      expect(safeUrl(bad), bad).toBeUndefined();
    }
  });
});

describe('languages', () => {
  it('maps language tags to the four interface languages', () => {
    expect(toLang('ru-RU')).toBe('ru');
    expect(toLang('kk_KZ')).toBe('kk');
    expect(toLang('zh-Hans-CN')).toBe('zh');
    expect(toLang('EN')).toBe('en');
    expect(toLang('fr')).toBeUndefined();
    expect(toLang(null)).toBeUndefined();
  });

  it('has every text in every language', () => {
    const keys = Object.keys(MESSAGES.en).sort();
    for (const lang of LANGS) {
      expect(Object.keys(MESSAGES[lang]).sort(), lang).toEqual(keys);
      for (const [key, value] of Object.entries(MESSAGES[lang])) {
        expect(typeof value === 'string' ? value : value.other, `${lang}.${key}`).not.toBe('');
      }
    }
  });

  it('counts with each language’s plural rules', () => {
    expect(countText('en', 1)).toBe('1 release');
    expect(countText('en', 1234)).toBe('1,234 releases');
    expect(countText('ru', 1)).toBe('1 пресс-релиз');
    expect(countText('ru', 3)).toBe('3 пресс-релиза');
    expect(countText('ru', 11)).toBe('11 пресс-релизов');
    expect(countText('ru', 21)).toBe('21 пресс-релиз');
    expect(countText('kk', 5)).toBe('5 баспасөз релизі');
    expect(countText('zh', 5)).toBe('共 5 篇新闻稿');
  });

  it('writes Kazakh dates and numbers by CLDR’s patterns, which Chromium has no data for', () => {
    const march7 = new Date(2026, 2, 7, 12).getTime();
    expect(dateFormat('kk').format(march7)).toBe('2026 ж. 7 нау.');
    expect(monthFormat('kk').format(Date.UTC(2024, 11))).toBe('2024 ж. жел.');
    expect(numberFormat('kk').format(12345)).toBe(numberFormat('ru').format(12345));
    expect(dateFormat('en').format(march7)).toBe('Mar 7, 2026');
  });
});
