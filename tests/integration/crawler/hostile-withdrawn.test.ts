/**
 * Withdrawn releases (issue 7, item 5): a release that was indexed and whose
 * page now answers 410 (or has become a "not found" page) is kept in the
 * archive, marked withdrawn with the time, and taken out of search; it is
 * never resurrected from an older response — rebuilding releases from the
 * archive leaves it out — but comes back when its page does. Crawled from
 * the hostile site into the run's real Meilisearch.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { emptyCounts } from '../../../crawler/crawl/stats.js';
import { normalizeWithSource } from '../../../crawler/sources/index.js';
import { releaseIdFor } from '../../../src/domain/ids.js';
import { syncArchiveToIndex } from '../../../src/indexing/sync.js';
import { normalizePending } from '../../../src/ingest/pipeline.js';
import { CrawlHarness } from '../../helpers/crawl.js';
import { createTestIndex, deleteIndex, testClient } from '../../helpers/meili.js';
import { HOSTILE_SOURCE, type HostileSite, startHostileSite } from '../../replicas/hostile.js';

const client = testClient();
let uid: string;
let site: HostileSite;
let harness: CrawlHarness;
const gone = 1; // will answer 410
const soft = 2; // will answer 200 with a "not found" page
const kept = 3;

const crawl = () =>
  harness.crawl({
    sources: [HOSTILE_SOURCE],
    overrides: site.overrides,
    index: { client, uid },
    // Every archived item listed again is re-checked in each run.
    defaults: { delayMs: 0, recheckAfterMs: 0 },
  });
const indexedIds = async () =>
  (await client.index(uid).getDocuments({ fields: ['id'], limit: 100 })).results
    .map((d) => String(d.id))
    .sort();
const releaseRow = (id: number) =>
  harness.archive.db
    .prepare('SELECT withdrawn_at, withdrawn_code, json FROM releases WHERE item_url = ?')
    .get(site.itemUrl(id)) as
    | { withdrawn_at: string | null; withdrawn_code: string | null; json: string }
    | undefined;
const idOf = (id: number) => releaseIdFor(site.itemUrl(id));

beforeAll(async () => {
  uid = await createTestIndex(client, 'crawl-withdrawn');
  site = await startHostileSite({ pages: 1, perPage: 3 });
  harness = await CrawlHarness.create();
});

afterAll(async () => {
  await deleteIndex(client, uid);
  await site.close();
  await harness.close();
});

it('indexes the releases of the site', async () => {
  const report = await crawl();
  expect(report.sources[0]!.counts.releasesNew).toBe(3);
  expect(await indexedIds()).toEqual([idOf(gone), idOf(soft), idOf(kept)].sort());
});

it('withdraws a release whose page answers 410 or turns into a "not found" page', async () => {
  site.behave(gone, { kind: 'status', status: 410 });
  site.behave(soft, { kind: 'soft-404', template: 'en' });
  const started = new Date().toISOString();
  const report = await crawl();
  const result = report.sources[0]!;
  expect(result.counts.releasesWithdrawn).toBe(1);
  expect(result.counts.errors).toMatchObject({ WITHDRAWN: 1, SOFT_404: 1 });
  expect(result.counts.notModified).toBeGreaterThanOrEqual(1); // the kept item: re-checked, 304
  expect(report.index).toMatchObject({ withdrawn: 2 });

  // Out of search, still in the archive with the time and the reason.
  expect(await indexedIds()).toEqual([idOf(kept)]);
  const withdrawnGone = releaseRow(gone)!;
  expect(withdrawnGone.withdrawn_code).toBe('ITEM_GONE');
  expect(withdrawnGone.withdrawn_at! >= started).toBe(true);
  expect(JSON.parse(withdrawnGone.json).title).toMatch(/No\. 1\)$/);
  expect(releaseRow(soft)!.withdrawn_code).toBe('SOFT_404');
  expect(harness.archive.releases.withdrawnCount(HOSTILE_SOURCE.id)).toBe(2);
  // The page as it was is kept: the 410 did not overwrite the archived answer.
  const response = harness.archive.responses.get(site.itemUrl(gone));
  expect(response?.status).toBe(200);
  expect(harness.archive.items.get(HOSTILE_SOURCE.id, site.itemUrl(gone))?.state).toBe('withdrawn');
  expect(report.sources[0]!.items).toMatchObject({ withdrawn: 1 });
});

it('is never resurrected from the archive: rebuilding releases and crawling again leave it out', async () => {
  harness.archive.items.resetNormalized(HOSTILE_SOURCE.id);
  const counts = emptyCounts();
  await normalizePending(harness.archive, HOSTILE_SOURCE.id, normalizeWithSource, counts, {
    logger: harness.logger,
  });
  const sync = await syncArchiveToIndex(harness.archive, client, uid);
  expect(sync).toMatchObject({ indexed: 0, withdrawn: 0 });
  expect(await indexedIds()).toEqual([idOf(kept)]);

  const again = await crawl();
  expect(again.sources[0]!.counts.releasesWithdrawn).toBe(0);
  expect(again.index).toMatchObject({ indexed: 0 });
  expect(await indexedIds()).toEqual([idOf(kept)]);
  expect(releaseRow(gone)!.withdrawn_at).not.toBeNull();
});

it('comes back to search when its page comes back', async () => {
  site.behave(gone, undefined);
  const report = await crawl();
  expect(report.sources[0]!.counts.releasesUpdated).toBe(1);
  expect(releaseRow(gone)!.withdrawn_at).toBeNull();
  expect(await indexedIds()).toEqual([idOf(gone), idOf(kept)].sort());
});
