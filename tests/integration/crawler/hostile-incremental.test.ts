/**
 * Incremental crawls of the hostile site: what a second (third …) run does
 * with what the first one left — listings re-checked conditionally and
 * decoded from the archive with their stored headers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CrawlHarness } from '../../helpers/crawl.js';
import {
  HOSTILE_HOSTS,
  HOSTILE_SOURCE,
  type HostileSite,
  startHostileSite,
} from '../../replicas/hostile.js';

let site: HostileSite | undefined;
let harness: CrawlHarness | undefined;

afterEach(async () => {
  await site?.close();
  await harness?.close();
  site = undefined;
  harness = undefined;
});

const crawlOnce = () =>
  harness!.crawl({
    sources: [HOSTILE_SOURCE],
    overrides: site!.overrides,
    defaults: { delayMs: 0, concurrency: 2, maxRetries: 0 },
  });

describe('a listing answered 304', () => {
  it('is decoded with the headers stored with it: no false CHARSET_UNDECLARED', async () => {
    site = await startHostileSite({ pages: 2, perPage: 3 });
    harness = await CrawlHarness.create();
    const first = await crawlOnce();
    expect(first.sources[0]!.counts.errors).toEqual({});
    const stored = harness.archive.db
      .prepare("SELECT DISTINCT charset, charset_source FROM responses WHERE kind = 'listing'")
      .all();
    expect(stored).toEqual([{ charset: 'utf-8', charset_source: 'header' }]);

    const before = site.log.length;
    const second = await crawlOnce();
    const listings = site.log
      .slice(before)
      .filter(
        (r) => r.host === HOSTILE_HOSTS.www && r.path.startsWith('/press/') && r.path.endsWith('/'),
      );
    expect(listings.map((r) => r.status)).toEqual([304, 304]);
    for (const listing of listings) expect(listing.headers['if-none-match']).toMatch(/^"/);
    const result = second.sources[0]!;
    expect(result.counts.notModified).toBe(2);
    expect(result.counts.errors).toEqual({});
    expect(harness.log.filter((l) => l.code === 'CHARSET_UNDECLARED')).toEqual([]);
  });
});

describe('an endless listing', () => {
  it('is read to --max-pages and no further, every page bringing new items', async () => {
    site = await startHostileSite({ pages: Number.POSITIVE_INFINITY, perPage: 2 });
    harness = await CrawlHarness.create();
    const report = await harness.crawl({
      sources: [HOSTILE_SOURCE],
      overrides: site.overrides,
      maxPages: 3,
      defaults: { delayMs: 0 },
    });
    expect(report.sources[0]).toMatchObject({ status: 'completed' });
    expect(report.sources[0]!.counts.itemsNew).toBe(6);
    const listings = site.log.filter((r) => /^\/press\/(page\/\d+\/)?$/.test(r.path));
    expect(listings.map((r) => r.path)).toEqual(['/press/', '/press/page/2/', '/press/page/3/']);
    // Its end was never reached: the next run does not take it as read to the end.
    expect(harness.archive.runs.state(HOSTILE_SOURCE.id, 'en').backfillDone).toBe(false);
  });
});
