import { describe, expect, it } from 'vitest';
import { HIGHLIGHT_END as E, HIGHLIGHT_START as S } from '../../src/search/query.js';
import { escapeHtml, highlightToHtml, mapFacets } from '../../src/search/response.js';

describe('snippet HTML', () => {
  it('escapes document text and adds only <mark>', () => {
    expect(highlightToHtml(`<script>alert("x")</script> ${S}energy${E} & more`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>energy</mark> &amp; more',
    );
  });

  it('never leaves a <mark> open or closes one that was not opened', () => {
    expect(highlightToHtml(`a${E}b${S}c`)).toBe('ab<mark>c</mark>');
  });

  it('escapes quotes for attribute contexts', () => {
    expect(escapeHtml(`'"`)).toBe('&#39;&quot;');
  });
});

describe('facets', () => {
  it('sorts by count, labels in the requested locale, keeps selected values', () => {
    const facets = mapFacets(
      { countries: { CN: 3, KZ: 5 }, year: { '2021': 1, '2022': 9 } },
      {
        q: '',
        countries: ['UZ'],
        ministers: [],
        sources: [],
        langs: [],
        distinct: true,
        sort: 'date_desc',
        page: 1,
        perPage: 10,
        locale: 'ru',
      },
    );
    expect(facets.country).toEqual([
      { value: 'KZ', label: 'Казахстан', count: 5 },
      { value: 'CN', label: 'Китай', count: 3 },
      { value: 'UZ', label: 'Узбекистан', count: 0 },
    ]);
    expect(facets.year?.map((f) => f.value)).toEqual(['2022', '2021']);
  });
});
