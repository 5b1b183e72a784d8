/**
 * US State Department from its RSS feed (replica of the real snapshots in
 * ../shared/corpus/state-dept/feeds): full text from content:encoded,
 * WordPress paging, conditional re-checks, new items when the feed moves on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrawlHarness } from '../../helpers/crawl.js';
import {
  itemLinksOf,
  startUsStateReplica,
  US_FEEDS,
  type UsStateReplica,
} from '../../replicas/us-state.js';

let replica: UsStateReplica;
let harness: CrawlHarness;
const [latest, middle, earliest] = US_FEEDS;

beforeAll(async () => {
  replica = await startUsStateReplica({ feeds: [middle, earliest] });
  harness = await CrawlHarness.create();
});

afterAll(async () => {
  await replica.close();
  await harness.close();
});

describe('us-state from its feed replica', () => {
  it('reads every page of the feed until WordPress answers 404, one release per item', async () => {
    const report = await harness.crawl({
      sources: ['us-state'],
      replicas: { 'us-state': replica.baseUrl },
    });
    const result = report.sources[0]!;
    expect(result.status).toBe('completed');
    expect(result.counts).toMatchObject({ itemsNew: 20, releasesNew: 20, errors: {} });
    expect(replica.log.map((r) => `${r.status} ${r.path}`)).toEqual([
      '404 /robots.txt',
      '200 /rss-feed/press-releases/feed/',
      '200 /rss-feed/press-releases/feed/?paged=2',
      '404 /rss-feed/press-releases/feed/?paged=3',
    ]);
    const urls = (harness.archive.db.prepare('SELECT url FROM releases').all() as { url: string }[])
      .map((r) => r.url)
      .sort();
    expect(urls).toEqual([...itemLinksOf(middle!), ...itemLinksOf(earliest!)].sort());
  });

  it('takes the full text from content:encoded', () => {
    const link = itemLinksOf(earliest!)[0]!;
    const release = JSON.parse(
      (
        harness.archive.db.prepare('SELECT json FROM releases WHERE url = ?').get(link) as {
          json: string;
        }
      ).json,
    );
    expect(release.body.length).toBeGreaterThan(200);
    expect(release).toMatchObject({
      source: 'us-state',
      lang: 'en',
      published: '2021-05-22T12:00:47.000Z',
    });
  });

  it('when the feed moves on, adds the new items, re-checks page 2 conditionally and stops there', async () => {
    replica.setFeeds([latest!, middle!, earliest!]);
    const before = replica.log.length;
    const report = await harness.crawl({
      sources: ['us-state'],
      replicas: { 'us-state': replica.baseUrl },
    });
    const result = report.sources[0]!;
    expect(result.counts).toMatchObject({ itemsNew: 10, releasesNew: 10 });
    const requests = replica.log.slice(before);
    // page 1: new items; page 2: nothing new (look-back 1); page 3: nothing new again → stop.
    expect(requests.map((r) => r.path)).toEqual([
      '/robots.txt',
      '/rss-feed/press-releases/feed/',
      '/rss-feed/press-releases/feed/?paged=2',
      '/rss-feed/press-releases/feed/?paged=3',
    ]);
    expect(requests[2]?.headers['if-none-match']).toBeDefined();
    expect(harness.count('SELECT COUNT(*) AS n FROM releases')).toBe(30);
  });
});

describe('a feed without ETags', () => {
  it('is re-checked with If-Modified-Since and answered 304', async () => {
    const plain = await startUsStateReplica({ feeds: [earliest!], etags: false });
    const fresh = await CrawlHarness.create();
    try {
      await fresh.crawl({ sources: ['us-state'], replicas: { 'us-state': plain.baseUrl } });
      const before = plain.log.length;
      const report = await fresh.crawl({
        sources: ['us-state'],
        replicas: { 'us-state': plain.baseUrl },
      });
      const feed = plain.log.slice(before).find((r) => r.path === '/rss-feed/press-releases/feed/');
      expect(feed?.headers['if-none-match']).toBeUndefined();
      expect(feed?.headers['if-modified-since']).toBe('Sat, 22 May 2021 12:25:59 GMT'); // the feed's lastBuildDate
      expect(feed?.status).toBe(304);
      expect(report.sources[0]!.counts).toMatchObject({
        notModified: 1,
        itemsNew: 0,
        releasesNew: 0,
      });
    } finally {
      await plain.close();
      await fresh.close();
    }
  });
});
