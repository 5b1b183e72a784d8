/**
 * REST JSON listings on the real GOV.UK announcements API pages of December
 * 2012: items, site-relative URLs, dates inside HTML fragments, the next
 * page; and answers of the wrong shape.
 */
import { describe, expect, it } from 'vitest';
import { jsonDate, parseRestAnswer } from '../../../crawler/crawl/rest-api.js';
import { loadSourceFile } from '../../../crawler/sources/load.js';
import type { JsonSource } from '../../../crawler/sources/schema.js';
import { savedPageText } from '../../replicas/site.js';

type RestSource = JsonSource & { api: Extract<JsonSource['api'], { type: 'rest' }> };
const fco = loadSourceFile('crawler/sources/gb-fco.yaml') as RestSource;
const apiUrl = (n: number) =>
  `https://www.gov.uk/government/announcements.json?departments%5B%5D=foreign-commonwealth-office&direction=before&page=${n}`;

const answer = (n: number) => savedPageText('www.gov.uk', apiUrl(n));

describe('GOV.UK announcements API (FCO, 2012)', () => {
  it('reads the 20 entries of page 2 with absolute URLs, titles and dates, and the next page', async () => {
    const parsed = parseRestAnswer(fco, 'en', apiUrl(2), await answer(2));
    expect(parsed.problems).toEqual([]);
    expect(parsed.entries).toHaveLength(20);
    expect(parsed.entries[0]).toEqual({
      url: 'https://www.gov.uk/government/news/minister-for-the-overseas-territories-and-overseas-territory-leaders-issue-joint-communique-following-joint-ministerial-council',
      title:
        'Minister for the Overseas Territories and Overseas Territory leaders issue joint communiqué following Joint Ministerial Council',
      date: '2012-12-10T15:41:45+00:00',
    });
    // A speech: delivered_on gives a day only.
    expect(parsed.entries[5]).toMatchObject({
      url: 'https://www.gov.uk/government/speeches/foreign-affairs-council-and-general-affairs-council',
      title: 'Foreign Affairs Council and General Affairs Council',
      date: '2012-12-06',
    });
    // Stray spaces around titles are gone.
    expect(parsed.entries[7]?.title).toBe(
      'Foreign Secretary expresses concern about reports of violence in Cairo',
    );
    expect(parsed.entries.every((e) => e.json === undefined)).toBe(true); // item pages are fetched
    expect(parsed.next).toBe(apiUrl(3));
  });

  it('reads page 3, whose old entries are stamped at midnight', async () => {
    const parsed = parseRestAnswer(fco, 'en', apiUrl(3), await answer(3));
    expect(parsed.entries).toHaveLength(20);
    expect(parsed.entries.filter((e) => e.date?.endsWith('T00:00:00+00:00'))).toHaveLength(19);
    expect(parsed.next).toBe(apiUrl(4));
  });

  it('reads a date from an ISO value or from an HTML fragment', () => {
    expect(jsonDate('2012-12-04T12:00:00+00:00', 'Europe/London')).toBe(
      '2012-12-04T12:00:00+00:00',
    );
    expect(
      jsonDate('<abbr class="delivered_on" title="2012-12-06">6 December 2012</abbr>', 'UTC'),
    ).toBe('2012-12-06');
    expect(jsonDate('<span>4 December 2012</span>', 'UTC')).toBe('2012-12-04');
    expect(jsonDate(null, 'UTC')).toBeUndefined();
  });

  it('fails on an answer of the wrong shape, naming the path and the value', () => {
    expect(() =>
      parseRestAnswer(fco, 'en', apiUrl(2), '{"count": 0, "results": {"a": 1}}'),
    ).toThrow(/field results = "\{\\"a\\":1\}": must be a list of items/);
    expect(() => parseRestAnswer(fco, 'en', apiUrl(2), '<html>Service unavailable</html>')).toThrow(
      expect.objectContaining({ code: 'INVALID_JSON' }),
    );
    expect(() => parseRestAnswer(fco, 'en', apiUrl(2), '{"results": [')).toThrow(/truncated/);
  });

  it('reports bad entries and off-site links, keeping the others', () => {
    const text = JSON.stringify({
      results: [
        { url: '/government/news/a', title: 'A' },
        { title: 'no url' },
        'not an object',
        { url: 'https://example.org/elsewhere', title: 'B' },
      ],
      next_page_url: null,
    });
    const parsed = parseRestAnswer(fco, 'en', apiUrl(2), text);
    expect(parsed.entries.map((e) => e.url)).toEqual(['https://www.gov.uk/government/news/a']);
    expect(parsed.problems.map((p) => `${p.code}: ${p.message}`)).toEqual([
      "INVALID_RESPONSE: results.1.url = missing: must give the item's URL",
      'INVALID_RESPONSE: results.2 = "not an object": must be an object',
      'OFF_SITE_LINK: results.3 links https://example.org/elsewhere, outside www.gov.uk; not followed',
    ]);
    expect(parsed.next).toBeUndefined();
  });
});
