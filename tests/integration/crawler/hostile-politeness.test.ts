/**
 * The per-host delay is a minimum gap between any two requests to the host,
 * kept at the moment each request leaves — robots.txt, listings, items,
 * retries, redirect hops — and a Retry-After moves the host's next slot
 * rather than sleeping inside one request (issue 7, items 2 and 3). Checked
 * on the hostile site's own request log (arrival times per host).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CrawlHarness } from '../../helpers/crawl.js';
import { gapsOf, HOSTILE_HOSTS, HOSTILE_SOURCE } from '../../replicas/hostile.js';
import { type RemoteHostileSite, startHostileSiteProcess } from '../../replicas/hostile-process.js';

/**
 * The site (in its own process) stamps a request when it arrives; on a busy
 * machine (the tests share two cores with much else) one stamp may come late
 * by a good part of a delay, and the gap after it look that much shorter.
 * Requests sent without a wait — the bug — come a few ms apart; a gap under
 * this share of the delay is one of them. The exact minimum gap with the
 * default delay is measured by the crawl benchmark.
 */
const SLACK = 0.6;

/** The gaps, and the whole span: a late stamp shortens one gap, never the span of many. */
function expectSpaced(gaps: number[], delayMs: number) {
  expect(
    gaps.filter((gap) => gap < delayMs * SLACK),
    `gaps (ms): ${gaps.join(', ')}`,
  ).toEqual([]);
  const span = gaps.reduce((a, b) => a + b, 0);
  expect(span, `gaps (ms): ${gaps.join(', ')}`).toBeGreaterThanOrEqual(
    gaps.length * delayMs * 0.95,
  );
}

let site: RemoteHostileSite | undefined;
let harness: CrawlHarness | undefined;

afterEach(async () => {
  await site?.close();
  await harness?.close();
  site = undefined;
  harness = undefined;
});

describe('the per-host delay', () => {
  it('keeps Crawl-delay between every two requests, robots.txt, hops and a 429 retry included', async () => {
    site = await startHostileSiteProcess({ crawlDelaySec: 0.4, pages: 2, perPage: 3 });
    harness = await CrawlHarness.create();
    const [first, second, third] = site.itemIds(1);
    await site.behave(first!, { kind: 'rate-limited', retryAfter: '1', times: 1 });
    await site.behave(second!, { kind: 'chain', hops: 2 });
    const report = await harness.crawl({
      sources: [HOSTILE_SOURCE],
      overrides: site.overrides,
      defaults: { delayMs: 0, concurrency: 2, maxRetries: 2 },
    });
    const result = report.sources[0]!;
    expect(result.status).toBe('completed');
    expect(result.counts.itemsNew).toBe(6);
    expect(result.counts.redirects).toBe(2);

    const requests = await site.requestsTo(HOSTILE_HOSTS.www);
    // robots.txt, 2 listing pages and the 404 past them, 6 items, the 429's retry, 2 hops.
    expect(requests).toHaveLength(1 + 3 + 6 + 1 + 2);
    expect(requests[0]?.path).toBe('/robots.txt');
    expectSpaced(gapsOf(requests), 400);

    // After the 429 the host's next slot moved by Retry-After: nothing at all went out before it.
    const limited = requests.findIndex((r) => r.status === 429);
    expect(limited).toBeGreaterThan(0);
    const afterLimit = requests[limited + 1]!.at - requests[limited]!.at;
    expect(afterLimit).toBeGreaterThanOrEqual(1000 * SLACK);
    expect(requests.filter((r) => r.path === site!.itemPath(first!)).map((r) => r.status)).toEqual([
      429, 200,
    ]);
    // The chain's hops went through the same schedule and were archived as the item.
    expect(
      requests.filter((r) => r.path.startsWith('/hop/') || r.path.startsWith('/archive/')),
    ).toHaveLength(2);
    expect(harness.count("SELECT COUNT(*) AS n FROM items WHERE state = 'fetched'")).toBe(6);
    expect(requests.some((r) => r.path === site!.itemPath(third!))).toBe(true);
  });

  it('uses the configured delay when robots.txt has no Crawl-delay, and the larger of the two', async () => {
    site = await startHostileSiteProcess({ crawlDelaySec: 0.1, pages: 1, perPage: 3 });
    harness = await CrawlHarness.create();
    await harness.crawl({
      sources: [HOSTILE_SOURCE],
      overrides: site.overrides,
      defaults: { delayMs: 250, concurrency: 3 },
    });
    const gaps = gapsOf(await site.requestsTo(HOSTILE_HOSTS.www));
    // robots.txt, the listing, 3 items, the 404 past the listing.
    expect(gaps).toHaveLength(5);
    expectSpaced(gaps, 250);
  });
});

describe('a request that never answers', () => {
  it('does not stall the other requests to the host while it hangs (delay > 0, concurrency 2)', async () => {
    site = await startHostileSiteProcess({ crawlDelaySec: 0.2, pages: 1, perPage: 5 });
    harness = await CrawlHarness.create();
    const [hanging, ...others] = site.itemIds(1);
    await site.behave(hanging!, { kind: 'hang' });
    const readTimeoutMs = 5000;
    const report = await harness.crawl({
      sources: [HOSTILE_SOURCE],
      overrides: site.overrides,
      defaults: { delayMs: 0, concurrency: 2, maxRetries: 0, readTimeoutMs },
    });
    expect(report.sources[0]!.counts.errors.TIMEOUT).toBe(1);
    expect(report.sources[0]!.counts.itemsNew).toBe(others.length);
    const requests = await site.requestsTo(HOSTILE_HOSTS.www);
    const hang = requests.find((r) => r.path === site!.itemPath(hanging!))!;
    const timedOut = harness.log.find((l) => l.code === 'TIMEOUT')!;
    expect(timedOut).toBeDefined();
    // Every other item was asked for while the hanging one still held its connection.
    for (const id of others) {
      const request = requests.find((r) => r.path === site!.itemPath(id))!;
      expect(request.at).toBeGreaterThan(hang.at);
      expect(request.at, `item ${id}`).toBeLessThan(Number(timedOut.time));
    }
  }, 30_000);
});

describe('a stop while the host is paused', () => {
  it('does not wait out the pause: waiting requests are put back, and the next crawl resumes them', async () => {
    const local = await startHostileSiteProcess({ pages: 1, perPage: 3 });
    site = local;
    harness = await CrawlHarness.create();
    const [limited] = local.itemIds(1);
    await local.behave(limited!, { kind: 'rate-limited', retryAfter: '60', times: 1 });
    const controller = new AbortController();
    const crawl = harness.crawl({
      sources: [HOSTILE_SOURCE],
      overrides: local.overrides,
      defaults: { delayMs: 0, concurrency: 2 },
      signal: controller.signal,
    });
    // Stop once the 429 has paused the host for a minute.
    while (!(await local.log()).some((r) => r.status === 429)) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const stoppedAt = Date.now();
    controller.abort();
    const report = await crawl;
    expect(report.sources[0]).toMatchObject({ status: 'stopped' });
    expect(Date.now() - stoppedAt).toBeLessThan(60_000);
    // A stop is no failure: nothing counted as an error, nothing given up.
    expect(report.sources[0]!.counts.errors.STOPPED).toBeUndefined();
    expect(harness.archive.runs.last(HOSTILE_SOURCE.id)?.status).toBe('running');

    const resumed = await harness.crawl({
      sources: [HOSTILE_SOURCE],
      overrides: local.overrides,
      defaults: { delayMs: 0, concurrency: 2 },
    });
    expect(resumed.sources[0], JSON.stringify(resumed.sources[0])).toMatchObject({
      status: 'completed',
      resumed: true,
    });
    expect(resumed.sources[0]!.counts.itemsNew).toBe(3);
    expect(harness.count("SELECT COUNT(*) AS n FROM items WHERE state = 'fetched'")).toBe(3);
  }, 60_000);
});
