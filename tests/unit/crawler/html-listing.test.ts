/**
 * HTML listings described by source files, on the real saved listing pages:
 * entries, links, titles and dates as the pages show them (read by hand),
 * links that leave the site, and every China MFA transcript link of its 80
 * listing pages.
 */
import { describe, expect, it } from 'vitest';
import { parseHtmlListing } from '../../../crawler/crawl/adapters.js';
import { decodeBody } from '../../../crawler/crawl/decode.js';
import { entryDate, parseListingPage } from '../../../crawler/crawl/html-listing.js';
import { loadSourceFile } from '../../../crawler/sources/load.js';
import type { HtmlSource } from '../../../crawler/sources/schema.js';
import { itemUrlsOfListing } from '../../replicas/cn-mfa.js';
import { savedPageText, savedSite } from '../../replicas/site.js';

const source = (id: string) => loadSourceFile(`crawler/sources/${id}.yaml`) as HtmlSource;

const page = savedPageText;

describe('Malaysian MFA listing (Liferay table, M/D/YY)', () => {
  const url = 'https://www.kln.gov.my/web/guest/press-releases';

  it('reads the 75 rows of the main tab with their titles and dates, without the redirect query', async () => {
    const parsed = parseListingPage(source('my-mfa'), url, await page('www.kln.gov.my', url));
    expect(parsed.problems).toEqual([]);
    expect(parsed.pageCount).toBe(8);
    expect(parsed.entries).toHaveLength(75);
    expect(parsed.entries[0]).toEqual({
      url: 'https://www.kln.gov.my/web/guest/-/maklumat-susulan-kejadian-banjir-di-wilayah-queensland-australia',
      title: 'MAKLUMAT SUSULAN KEJADIAN BANJIR DI WILAYAH QUEENSLAND, AUSTRALIA',
      date: '2022-02-28',
    });
    // A title with raw line breaks inside the link.
    expect(parsed.entries[5]?.title).toBe(
      'OFFICIAL VISITS OF THE PRIME MINISTER OF MALAYSIA YAB DATO’ SRI ISMAIL SABRI YAAKOB TO THE KINGDOM OF CAMBODIA AND THE KINGDOM OF THAILAND 23 – 26 FEBRUARY 2022',
    );
    expect(parsed.entries[16]).toMatchObject({
      url: 'https://www.kln.gov.my/web/guest/-/united-arab-emirates-contributes-500-000-doses-of-covid-19-vaccine-to-malaysia',
      date: '2022-01-25',
    });
    expect(parsed.entries[74]).toMatchObject({
      title: 'MALAYSIA’S CONTRIBUTION OF 250,000 FACE MASKS TO THE REPUBLIC OF IRAQ',
      date: '2021-09-13',
    });
    for (const entry of parsed.entries) {
      expect(entry.date).toMatch(/^202[12]-\d{2}-\d{2}$/);
      expect(entry.url).not.toContain('?');
    }
  });
});

describe('Belarus MFA listing (cards, damaged chrome, fixture links)', () => {
  const url = 'https://mfa.gov.by/en/press/statements/';

  it('finds the five cards the page links (the other fifteen are inside a comment)', async () => {
    const parsed = parseListingPage(source('by-mfa'), url, await page('mfa.gov.by', url));
    expect(parsed.problems).toEqual([]);
    expect(parsed.entries.map((e) => e.url)).toEqual(
      [
        'bf7e69d3fec2c5f0',
        'b7b71aff55bfca76',
        'f179725988c80350',
        'cf70e7349e4f19db',
        'dad9272a52869cef',
      ].map((hash) => `https://mfa.gov.by/en/press/statements/${hash}.html`),
    );
    expect(parsed.entries[3]?.title).toBe(
      'Statement by Minister of Foreign Affairs of the Republic of Belarus, V.Makei, at the Extraordinary Virtual Summit of the Heads of Governments of the Central European Initiative (May 15, 2020)',
    );
    // The date spans are empty on this listing.
    expect(parsed.entries.every((e) => e.date === undefined)).toBe(true);
  });
});

describe('Uzbekistan MFA listing sample', () => {
  const url = 'https://mfa.uz/en/press/news';

  it('does not follow the entry whose link the fixture pointed at localhost (OFF_SITE_LINK)', async () => {
    const parsed = parseListingPage(source('uz-mfa'), url, await page('mfa.uz', url));
    expect(parsed.entries).toEqual([]);
    expect(parsed.problems).toEqual([
      {
        code: 'OFF_SITE_LINK',
        message: 'entry 1 links http://localhost/31033.html, outside mfa.uz; not followed',
      },
    ]);
  });

  it('reads its "HH:MM / DD.MM.YYYY" dates in Tashkent time', () => {
    expect(entryDate('19:50 / 07.02.2022', 'HH:mm / dd.MM.yyyy', 'Asia/Tashkent')).toBe(
      '2022-02-07T19:50:00+05:00',
    );
  });
});

describe('China MFA listings under the source file', () => {
  it('find every transcript link of all 80 listing pages, and the Chinese dates printed after them', async () => {
    const site = savedSite('www.fmprc.gov.cn');
    const listings = site.pages.filter((p) => p.kind === 'listing');
    expect(listings).toHaveLength(80);
    for (const listing of listings) {
      const html = decodeBody(await site.bytes(listing), site.contentType(listing)).text;
      const entries = parseListingPage(source('cn-mfa'), listing.url, html).entries;
      // Read independently of the parser: the links and "(YYYY-MM-DD)" right after them.
      expect(
        entries.map((e) => e.url),
        listing.url,
      ).toEqual([...new Set(itemUrlsOfListing(listing.path))]);
      if (listing.lang === 'zh') {
        const dates = [
          ...html.matchAll(/href="\.\/(t\d+\.shtml)"[^>]*>[^<]*<\/a>\s*\((\d{4}-\d{2}-\d{2})\)/g),
        ].map((m) => m[2]);
        expect(entries.map((e) => e.date)).toEqual(dates);
      }
    }
  });
});

describe('paging by a "next" link', () => {
  const source = {
    ...loadSourceFile('crawler/sources/by-mfa.yaml'),
    listing: { items: 'ul.news a', paging: { next: 'a.next' } },
  } as HtmlSource;
  const page = (next: string) =>
    `<html><body><ul class="news"><li><a href="/en/press/statements/a.html">A</a></li></ul>${next}</body></html>`;

  it('follows the link the page names, and ends where there is none', () => {
    const url = 'https://mfa.gov.by/en/press/statements/';
    const more = parseListingPage(source, url, page('<a class="next" href="?page=2">Next</a>'));
    expect(more.next).toBe('https://mfa.gov.by/en/press/statements/?page=2');
    expect(parseListingPage(source, url, page('')).next).toBeUndefined();
    // A "next" that is a script, leaves the site or points at the page itself ends the paging too.
    expect(
      parseListingPage(source, url, page('<a class="next" href="javascript:;">Next</a>')).next,
    ).toBeUndefined();
    expect(
      parseListingPage(source, url, page('<a class="next" href="https://other.example/2">Next</a>'))
        .next,
    ).toBeUndefined();
    expect(
      parseListingPage(source, url, page(`<a class="next" href="${url}">Next</a>`)).next,
    ).toBeUndefined();
    // What the crawl reads: the next page to ask for, and whether this one is the last.
    expect(
      parseHtmlListing(source, url, page('<a class="next" href="?page=2">Next</a>')),
    ).toMatchObject({ last: false, next: ['https://mfa.gov.by/en/press/statements/?page=2'] });
    expect(parseHtmlListing(source, url, page(''))).toMatchObject({ last: true });
  });
});
