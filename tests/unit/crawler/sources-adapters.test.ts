/**
 * Source files as data (strict schema, errors that name the field) and the
 * pure adapters that page listings and read items, on the real saved pages.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  graphqlVariables,
  pageRequest,
  parseFeed,
  parseGraphqlAnswer,
  parseHtmlListing,
} from '../../../crawler/crawl/adapters.js';
import { CrawlError, FinalCrawlError } from '../../../crawler/crawl/errors.js';
import { DEFAULT_CRAWL, settingsFor } from '../../../crawler/crawl/settings.js';
import { originOverridesFrom, selectSources } from '../../../crawler/crawl/setup.js';
import { SOURCES, sourceById } from '../../../crawler/sources/index.js';
import type { FeedSource, HtmlSource, JsonSource } from '../../../crawler/sources/schema.js';
import { ConfigError, loadConfig } from '../../../src/config/env.js';
import { sharedPath } from '../../helpers/shared.js';

const cn = sourceById('cn-mfa') as HtmlSource;
const kz = sourceById('kz-mfa') as JsonSource & { api: { type: 'graphql' } } as Parameters<
  typeof parseGraphqlAnswer
>[0];
const us = sourceById('us-state') as FeedSource;

describe('source files', () => {
  it('declare the three first sources with the fields the search API uses, as before', () => {
    expect(
      ['kz-mfa', 'cn-mfa', 'us-state'].map((id) => {
        const s = sourceById(id)!;
        return [s.id, s.kind, s.country, s.languages];
      }),
    ).toEqual([
      ['kz-mfa', 'json', 'KZ', ['ru', 'kk', 'en']],
      ['cn-mfa', 'html', 'CN', ['en', 'zh']],
      ['us-state', 'feed', 'US', ['en']],
    ]);
    for (const s of SOURCES) expect(s.homepage).toMatch(/^https?:/);
  });

  it('lets a source override politeness defaults', () => {
    const defaults = { ...DEFAULT_CRAWL, userAgent: 'Bot/1 (+https://x.example)' };
    expect(settingsFor(kz, defaults).maxRetries).toBe(4);
    expect(settingsFor(cn, { ...defaults, delayMs: 0 }).delayMs).toBe(0);
  });

  it('takes base-URL overrides from SOURCE_BASE_URL_<ID>, and refuses unknown ids', () => {
    const config = loadConfig({ SOURCE_BASE_URL_CN_MFA: 'http://127.0.0.1:8801/' });
    expect(config.sourceBaseUrls).toEqual({ 'cn-mfa': 'http://127.0.0.1:8801' });
    expect(originOverridesFrom(config)).toEqual(
      new Map([['https://www.fmprc.gov.cn', 'http://127.0.0.1:8801']]),
    );
    expect(() =>
      originOverridesFrom(loadConfig({ SOURCE_BASE_URL_XX_MFA: 'http://127.0.0.1:1' })),
    ).toThrow(ConfigError);
    expect(() => loadConfig({ SOURCE_BASE_URL_CN_MFA: 'ftp://x' })).toThrow(
      /SOURCE_BASE_URL_CN_MFA = "ftp:\/\/x"/,
    );
    expect(() => selectSources(['nope'])).toThrow(/Unknown source "nope"/);
  });

  it('parses the crawl variables', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      CRAWL_INTERVAL: 6 * 3_600_000,
      CRAWL_DELAY_MS: 1000,
      CRAWL_CONCURRENCY: 2,
    });
    expect(config.CRAWL_USER_AGENT).toMatch(/^PressReleaseSearchBot\/\S+ \(\+https?:\/\//);
    expect(loadConfig({ CRAWL_INTERVAL: 'off' }).CRAWL_INTERVAL).toBe('off');
    expect(loadConfig({ CRAWL_INTERVAL: '30m' }).CRAWL_INTERVAL).toBe(1_800_000);
    expect(() => loadConfig({ CRAWL_INTERVAL: 'often' })).toThrow(/CRAWL_INTERVAL = "often"/);
    expect(() => loadConfig({ CRAWL_USER_AGENT: 'MyBot/1.0' })).toThrow(
      /CRAWL_USER_AGENT.*contact URL/,
    );
  });
});

describe('paging requests', () => {
  it('numbers HTML and feed pages with their templates', () => {
    expect(pageRequest(cn, 'en', 0).url).toBe(
      'https://www.fmprc.gov.cn/mfa_eng/xwfw_665399/s2510_665401/2511_665403/default.shtml',
    );
    expect(pageRequest(cn, 'zh', 2).url).toBe(
      'https://www.fmprc.gov.cn/web/wjdt_674879/fyrbt_674889/default_2.shtml',
    );
    expect(pageRequest(us, 'en', 1).url).toBe(
      'https://www.state.gov/rss-feed/press-releases/feed/?paged=2',
    );
  });

  it('pages GraphQL with the query gov.kz scrapers use, one unique key per language and page', () => {
    const request = pageRequest(kz, 'kk', 2);
    expect(request).toMatchObject({ url: 'https://www.gov.kz/graphql', method: 'POST' });
    expect(JSON.parse(request.payload!).variables).toEqual({
      projects: 'eq:mfa',
      size: 50,
      page: 3,
      sort: 'created_date:desc',
      lang: 'kk',
    });
    expect(request.uniqueKey).not.toBe(pageRequest(kz, 'ru', 2).uniqueKey);
    expect(graphqlVariables(kz.api, 'en', 1).page).toBe(1);
  });
});

describe('listing parsers', () => {
  const fmprc = (p: string) =>
    readFileSync(path.join(sharedPath('sites', 'www.fmprc.gov.cn'), p), 'utf8');

  it('finds the English items, their dates from titles and the page count', () => {
    const url =
      'https://www.fmprc.gov.cn/mfa_eng/xwfw_665399/s2510_665401/2511_665403/default.shtml';
    const listing = parseHtmlListing(
      cn,
      url,
      fmprc('mfa_eng/xwfw_665399/s2510_665401/2511_665403/default.shtml'),
    );
    expect(listing.pageCount).toBe(13);
    expect(listing.items.length).toBeGreaterThan(30);
    expect(listing.items[0]).toEqual({
      url: 'https://www.fmprc.gov.cn/mfa_eng/xwfw_665399/s2510_665401/2511_665403/t1794629.shtml',
      format: 'html',
      date: '2020-07-03',
      title: "Foreign Ministry Spokesperson Zhao Lijian's Regular Press Conference on July 3, 2020",
    });
  });

  it('finds the Chinese items with the date printed after each link', () => {
    const url = 'https://www.fmprc.gov.cn/web/wjdt_674879/fyrbt_674889/default_3.shtml';
    const listing = parseHtmlListing(
      cn,
      url,
      fmprc('web/wjdt_674879/fyrbt_674889/default_3.shtml'),
    );
    expect(listing.pageCount).toBe(67);
    expect(listing.items.every((i) => /^\d{4}-\d{2}-\d{2}$/.test(i.date ?? ''))).toBe(true);
    expect(listing.items.find((i) => i.url.endsWith('/t1776816.shtml'))?.date).toBe('2020-05-07');
  });

  it('reads RSS items with their exact XML (CDATA kept), link and date', () => {
    const xml = readFileSync(
      sharedPath('corpus', 'state-dept', 'feeds', 'data-2021-05-23T1510.rss'),
      'utf8',
    );
    const feed = parseFeed(us, xml);
    expect(feed.items).toHaveLength(10);
    expect(feed.problems).toEqual([]);
    const first = feed.items[0]!;
    expect(first.url).toMatch(/^https:\/\/www\.state\.gov\/.+\/$/);
    expect(first.date).toBe('2021-05-22T12:00:47.000Z');
    expect(first.text).toMatch(/^<item>[\s\S]*<content:encoded><!\[CDATA\[[\s\S]*<\/item>$/);
  });

  it('reports a feed item without a usable link, and keeps the others', () => {
    const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>
      <item><title>Good</title><link>https://www.state.gov/good/</link></item>
      <item><title>Bad</title><link>javascript:alert(1)</link></item></channel></rss>`;
    const feed = parseFeed(us, xml);
    expect(feed.items.map((i) => i.url)).toEqual(['https://www.state.gov/good/']);
    expect(feed.problems[0]).toMatchObject({ code: 'INVALID_FEED_ITEM' });
    expect(feed.problems[0]?.message).toMatch(/feed item 2: link = "javascript:alert\(1\)"/);
    expect(() => parseFeed(us, '<html><body>not a feed</body></html>')).toThrow(
      /not an RSS or Atom feed/,
    );
  });

  it('reads GraphQL answers, and names what is wrong with bad ones', () => {
    const item = {
      id: '7',
      title: 'T',
      slug: 's',
      created_date: '2023-12-01T09:00:00Z',
      body: '<p>x</p>',
    };
    const ok = parseGraphqlAnswer(kz, 'ru', JSON.stringify({ data: { news: [item] } }));
    expect(ok.items).toEqual([
      {
        url: 'https://www.gov.kz/memleket/entities/mfa/press/news/details/7?lang=ru',
        format: 'json',
        text: JSON.stringify(item),
        date: '2023-12-01T09:00:00.000Z',
      },
    ]);
    expect(ok.last).toBe(true);
    const full = JSON.stringify({ data: { news: [item] } });
    expect(() => parseGraphqlAnswer(kz, 'ru', full.slice(0, 30))).toThrow(CrawlError);
    expect(() => parseGraphqlAnswer(kz, 'ru', full.slice(0, 30))).toThrow(
      /INVALID_JSON|truncated or malformed JSON/,
    );
    expect(() => parseGraphqlAnswer(kz, 'ru', '<html>502</html>')).toThrow(
      /not JSON \(starts with "<html>502/,
    );
    expect(() =>
      parseGraphqlAnswer(kz, 'ru', JSON.stringify({ errors: [{ message: 'boom' }] })),
    ).toThrow(/GraphQL errors: boom/);
    expect(() =>
      parseGraphqlAnswer(kz, 'ru', JSON.stringify({ data: { news: { items: [] } } })),
    ).toThrow(FinalCrawlError);
    expect(() =>
      parseGraphqlAnswer(kz, 'ru', JSON.stringify({ data: { news: { items: [] } } })),
    ).toThrow(/data\.news = .*must be a list/);
    const partial = parseGraphqlAnswer(
      kz,
      'ru',
      JSON.stringify({ data: { news: [item, { title: 'no id' }] } }),
    );
    expect(partial.items).toHaveLength(1);
    expect(partial.problems[0]?.message).toMatch(/data\.news\.1\.id = missing/);
  });
});
