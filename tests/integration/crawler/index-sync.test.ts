/**
 * Archive → index after each crawl, against the run's real Meilisearch: new
 * releases are indexed; when indexing fails they wait in the archive with
 * their error and are indexed by the next sync, none dropped.
 */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { syncArchiveToIndex } from '../../../src/indexing/sync.js';
import { createMeiliClient } from '../../../src/meili/client.js';
import { CrawlHarness } from '../../helpers/crawl.js';
import { createTestIndex, deleteIndex, testClient } from '../../helpers/meili.js';
import { startUsStateReplica, US_FEEDS, type UsStateReplica } from '../../replicas/us-state.js';

const client = testClient();
let uid: string;
let replica: UsStateReplica;
let harness: CrawlHarness;
const [latest, middle, earliest] = US_FEEDS;

beforeAll(async () => {
  uid = await createTestIndex(client, 'crawl-sync');
  replica = await startUsStateReplica({ feeds: [earliest!] });
  harness = await CrawlHarness.create();
});

afterAll(async () => {
  await deleteIndex(client, uid);
  await replica.close();
  await harness.close();
});

const documents = async () => (await client.index(uid).getStats()).numberOfDocuments;

it('indexes the new releases after the crawl', async () => {
  const report = await harness.crawl({
    sources: ['us-state'],
    replicas: { 'us-state': replica.baseUrl },
    index: { client, uid },
  });
  expect(report.index).toMatchObject({ indexed: 10, added: 10, pending: 0 });
  expect(await documents()).toBe(10);
});

it('keeps releases whose indexing failed, and indexes them at the next sync', async () => {
  replica.setFeeds([middle!, earliest!]);
  const down = createMeiliClient({
    host: 'http://127.0.0.1:9',
    apiKey: inject('meiliKey'),
    timeoutMs: 500,
  });
  const report = await harness.crawl({
    sources: ['us-state'],
    replicas: { 'us-state': replica.baseUrl },
    index: { client: down, uid },
  });
  expect(report.sources[0]!.counts.releasesNew).toBe(10);
  expect(report.index?.error).toBeDefined();
  expect(report.index?.pending).toBe(10);
  expect(harness.log.some((l) => l.code === 'INDEX_FAILED')).toBe(true);
  const failed = harness.archive.db
    .prepare(
      'SELECT COUNT(*) AS n FROM releases WHERE index_attempts = 1 AND index_error IS NOT NULL',
    )
    .get() as { n: number };
  expect(failed.n).toBe(10);
  expect(await documents()).toBe(10);

  // The next crawl (the feed moved on again) indexes both what it found and what waited.
  replica.setFeeds([latest!, middle!, earliest!]);
  const next = await harness.crawl({
    sources: ['us-state'],
    replicas: { 'us-state': replica.baseUrl },
    index: { client, uid },
  });
  expect(next.index).toMatchObject({ indexed: 20, added: 20, pending: 0 });
  expect(await documents()).toBe(30);
  expect(await syncArchiveToIndex(harness.archive, client, uid)).toMatchObject({
    indexed: 0,
    pending: 0,
  });
});
