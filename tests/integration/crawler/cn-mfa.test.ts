/**
 * China MFA: listing pages, then items, crawled from the replica built of the
 * real saved pages (robots.txt is a 302 to an HTML error page, as captured).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrawlHarness, TEST_USER_AGENT } from '../../helpers/crawl.js';
import {
  CN_EN_LISTING,
  CN_ZH_LISTING,
  itemUrlsOfListing,
  startCnMfaReplica,
} from '../../replicas/cn-mfa.js';
import type { Replica } from '../../replicas/server.js';

let replica: Replica;
let harness: CrawlHarness;

beforeAll(async () => {
  replica = await startCnMfaReplica();
  harness = await CrawlHarness.create();
});

afterAll(async () => {
  await replica.close();
  await harness.close();
});

describe('cn-mfa from its replica', () => {
  it('crawls the first listing page of each language and every item on it into releases', async () => {
    const report = await harness.crawl({
      sources: ['cn-mfa'],
      replicas: { 'cn-mfa': replica.baseUrl },
      maxPages: 1,
      defaults: { concurrency: 3 },
    });
    const result = report.sources[0]!;
    expect(result.status).toBe('completed');
    const expected = [
      ...itemUrlsOfListing(`${CN_EN_LISTING.slice(1)}default.shtml`),
      ...itemUrlsOfListing(`${CN_ZH_LISTING.slice(1)}default.shtml`),
    ];
    expect(result.counts.itemsNew).toBe(expected.length);
    expect(result.counts.releasesNew).toBe(expected.length);
    expect(result.counts.errors).toEqual({});
    const urls = (
      harness.archive.db.prepare("SELECT url FROM items WHERE source = 'cn-mfa'").all() as {
        url: string;
      }[]
    ).map((r) => r.url);
    expect(urls.sort()).toEqual([...expected].sort());

    // Releases carry the real URLs, never the replica's; Chinese text came through as UTF-8.
    const zh = harness.archive.db
      .prepare("SELECT url, json FROM releases WHERE lang = 'zh' ORDER BY url LIMIT 1")
      .get() as { url: string; json: string };
    expect(zh.url).toMatch(/^https:\/\/www\.fmprc\.gov\.cn\/web\//);
    expect(JSON.parse(zh.json).title).toMatch(/[\u4e00-\u9fff]/);
    const charsets = harness.archive.db
      .prepare("SELECT DISTINCT charset, charset_source FROM responses WHERE kind = 'item'")
      .all();
    expect(charsets).toEqual([{ charset: 'utf-8', charset_source: 'meta' }]);
  });

  it('asks robots.txt first, follows its redirect, and identifies itself on every request', () => {
    expect(replica.log[0]?.path).toBe('/robots.txt');
    expect(replica.log[1]?.path).toBe('/error.htm');
    for (const entry of replica.log) expect(entry.headers['user-agent']).toBe(TEST_USER_AGENT);
    expect(TEST_USER_AGENT).toMatch(/\+https?:\/\//);
  });

  it('keeps to the per-host concurrency limit', () => {
    expect(replica.peakInFlight).toBeGreaterThan(0);
    expect(replica.peakInFlight).toBeLessThanOrEqual(3);
  });

  it('re-checks the listing with a conditional request and fetches no known item again', async () => {
    const before = replica.log.length;
    const report = await harness.crawl({
      sources: ['cn-mfa'],
      replicas: { 'cn-mfa': replica.baseUrl },
      maxPages: 1,
    });
    const result = report.sources[0]!;
    const requests = replica.log.slice(before);
    const listings = requests.filter((r) => r.path.endsWith('default.shtml'));
    expect(listings).toHaveLength(2);
    for (const listing of listings) {
      expect(listing.headers['if-none-match']).toMatch(/^"/);
      expect(listing.status).toBe(304);
    }
    expect(requests.filter((r) => /\/t\d+\.shtml$/.test(r.path))).toEqual([]);
    expect(result).toMatchObject({ status: 'completed' });
    expect(result.counts).toMatchObject({ notModified: 2, itemsNew: 0, releasesNew: 0 });
  });

  it('pages on with --max-pages 2, fetching only the items of the new page', async () => {
    const before = replica.log.length;
    const report = await harness.crawl({
      sources: ['cn-mfa'],
      replicas: { 'cn-mfa': replica.baseUrl },
      langs: ['en'],
      maxPages: 2,
    });
    const fetched = replica.log
      .slice(before)
      .filter((r) => /\/t\d+\.shtml$/.test(r.path))
      .map((r) => `https://www.fmprc.gov.cn${r.path}`);
    expect(fetched.sort()).toEqual(
      itemUrlsOfListing(`${CN_EN_LISTING.slice(1)}default_1.shtml`).sort(),
    );
    expect(report.sources[0]!.counts.releasesNew).toBe(fetched.length);
  });

  it('skips items older than --since and stops paging there', async () => {
    const before = replica.log.length;
    const report = await harness.crawl({
      sources: ['cn-mfa'],
      replicas: { 'cn-mfa': replica.baseUrl },
      langs: ['zh'],
      maxPages: 3,
      since: new Date('2020-06-20T00:00:00Z'),
    });
    const requests = replica.log.slice(before);
    // Page 1 still has releases since the date (all known); page 2 is wholly older: paging stops there.
    expect(requests.filter((r) => r.path.includes('default_')).map((r) => r.path)).toEqual([
      `${CN_ZH_LISTING}default_1.shtml`,
    ]);
    const items = requests.filter((r) => /\/t\d+\.shtml$/.test(r.path));
    expect(items).toEqual([]);
    expect(report.sources[0]!.status).toBe('completed');
  });
});
