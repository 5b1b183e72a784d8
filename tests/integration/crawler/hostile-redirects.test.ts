/**
 * Every redirect hop is a request like any other (issue 7, item 1): the
 * target host's robots.txt is checked, its delay observed, the hop counted.
 * A hop into a disallowed path is not followed (ROBOTS_DISALLOWED), nor one
 * to a host that is not the source's (OFF_SITE_REDIRECT); hops to the bare
 * host and to a host the source file declares are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrawlReport } from '../../../crawler/crawl/run.js';
import { CrawlHarness } from '../../helpers/crawl.js';
import { gapsOf, HOSTILE_HOSTS, HOSTILE_SOURCE } from '../../replicas/hostile.js';
import { type RemoteHostileSite, startHostileSiteProcess } from '../../replicas/hostile-process.js';
import type { LoggedRequest } from '../../replicas/server.js';

let site: RemoteHostileSite;
let log: LoggedRequest[];
const requestsTo = (host: string) => log.filter((r) => r.host === host);
let harness: CrawlHarness;
let report: CrawlReport;
// Items of the one listing page, each with its own redirect.
const toPrivate = 1;
const toForeign = 2;
const toMedia = 3;
const toMediaToo = 4;
const toBare = 5;
const chain = 6;
const loop = 7;
const plain = 8;

const releaseCount = (url: string) =>
  harness.count('SELECT COUNT(*) AS n FROM releases WHERE item_url = ?', url);

beforeAll(async () => {
  site = await startHostileSiteProcess({
    pages: 1,
    perPage: 8,
    crawlDelaySec: 0.05,
    mediaCrawlDelaySec: 0.4,
  });
  harness = await CrawlHarness.create();
  await site.behave(toPrivate, { kind: 'redirect', to: 'private' });
  await site.behave(toForeign, { kind: 'redirect', to: 'foreign' });
  await site.behave(toMedia, { kind: 'redirect', to: 'media' });
  await site.behave(toMediaToo, { kind: 'redirect', to: 'media' });
  await site.behave(toBare, { kind: 'redirect', to: 'bare' });
  await site.behave(chain, { kind: 'chain', hops: 3 });
  await site.behave(loop, { kind: 'loop' });
  report = await harness.crawl({
    sources: [HOSTILE_SOURCE],
    overrides: site.overrides,
    defaults: { delayMs: 0, concurrency: 3, maxRetries: 1 },
  });
  log = await site.log();
}, 60_000);

afterAll(async () => {
  await site.close();
  await harness.close();
});

describe('redirect hops', () => {
  it('do not follow a hop into a path robots.txt disallows (ROBOTS_DISALLOWED), and make no release of it', () => {
    expect(report.sources[0]!.counts.errors.ROBOTS_DISALLOWED).toBe(1);
    const line = harness.log.find((l) => l.code === 'ROBOTS_DISALLOWED');
    expect(line?.url).toBe(site.itemUrl(toPrivate));
    expect(log.filter((r) => r.path.startsWith('/private/'))).toEqual([]);
    expect(releaseCount(site.itemUrl(toPrivate))).toBe(0);
    // Refused, not worth a retry in this run.
    expect(log.filter((r) => r.path === site.itemPath(toPrivate))).toHaveLength(1);
  });

  it('do not follow a hop to a foreign host (OFF_SITE_REDIRECT): it is never asked anything', () => {
    expect(report.sources[0]!.counts.errors.OFF_SITE_REDIRECT).toBe(1);
    expect(harness.log.find((l) => l.code === 'OFF_SITE_REDIRECT')?.url).toBe(
      site.itemUrl(toForeign),
    );
    expect(requestsTo(HOSTILE_HOSTS.foreign)).toEqual([]);
    expect(releaseCount(site.itemUrl(toForeign))).toBe(0);
  });

  it('follow hops to a host the source declares: its robots.txt first, then its own Crawl-delay', () => {
    const media = requestsTo(HOSTILE_HOSTS.media);
    expect(media[0]?.path).toBe('/robots.txt');
    expect(
      media
        .slice(1)
        .map((r) => r.path)
        .sort(),
    ).toEqual([toMedia, toMediaToo].map((id) => site.itemPath(id)).sort());
    // (A generous bar: on a busy machine a late arrival stamp shortens a gap; see hostile-politeness.)
    for (const gap of gapsOf(media)) expect(gap).toBeGreaterThanOrEqual(400 * 0.6);
    expect(releaseCount(site.itemUrl(toMedia))).toBe(1);
    expect(releaseCount(site.itemUrl(toMediaToo))).toBe(1);
    const finalUrl = harness.archive.db
      .prepare('SELECT final_url FROM items WHERE url = ?')
      .get(site.itemUrl(toMedia)) as { final_url: string };
    expect(finalUrl.final_url).toBe(`https://${HOSTILE_HOSTS.media}${site.itemPath(toMedia)}`);
  });

  it('follow a hop to the bare host (www / non-www of the source), under its robots.txt', () => {
    const bare = requestsTo(HOSTILE_HOSTS.bare);
    expect(bare.map((r) => r.path)).toEqual(['/robots.txt', site.itemPath(toBare)]);
    expect(releaseCount(site.itemUrl(toBare))).toBe(1);
  });

  it('count every hop followed, stop a loop (REDIRECT_LOOP), and leave the plain items alone', () => {
    const counts = report.sources[0]!.counts;
    // media ×2, bare, chain ×3; the loop's first hop is followed before it comes back.
    expect(counts.redirects).toBe(2 + 1 + 3 + 1);
    expect(counts.errors.REDIRECT_LOOP).toBe(1);
    expect(releaseCount(site.itemUrl(chain))).toBe(1);
    expect(releaseCount(site.itemUrl(plain))).toBe(1);
    expect(releaseCount(site.itemUrl(loop))).toBe(0);
  });
});

describe('the next crawl', () => {
  it('leaves the refused items alone: a refusal is final, not a failure to retry', async () => {
    const states = harness.archive.db
      .prepare('SELECT url, state FROM items WHERE url IN (?, ?, ?)')
      .all(site.itemUrl(toPrivate), site.itemUrl(toForeign), site.itemUrl(loop)) as {
      state: string;
    }[];
    expect(states.map((s) => s.state)).toEqual(['refused', 'refused', 'refused']);
    const before = log.length;
    const again = await harness.crawl({
      sources: [HOSTILE_SOURCE],
      overrides: site.overrides,
      defaults: { delayMs: 0, concurrency: 3, maxRetries: 1 },
    });
    expect(again.sources[0]!.counts.itemsRetried).toBe(0);
    const after = (await site.log()).slice(before);
    for (const id of [toPrivate, toForeign, loop]) {
      expect(after.filter((r) => r.path === site.itemPath(id))).toEqual([]);
    }
  });
});
