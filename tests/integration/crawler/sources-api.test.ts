/**
 * The crawl inside the service: the scheduler crawls the enabled sources,
 * GET /api/sources shows each one's state, a site that cannot be reached is
 * reported per source in the log, and search keeps being served.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CrawlScheduler } from '../../../crawler/crawl/scheduler.js';
import { sourceById } from '../../../crawler/sources/index.js';
import { Archive } from '../../../src/archive/archive.js';
import { sourcesResponseSchema } from '../../../src/domain/source-status.js';
import { createApp } from '../../../src/http/app.js';
import { freePort } from '../../../src/meili/launcher.js';
import { SearchService } from '../../../src/search/service.js';
import { CrawlHarness, TEST_DEFAULTS } from '../../helpers/crawl.js';
import { getJson, listen, type RunningServer } from '../../helpers/http.js';
import { createTestIndex, deleteIndex, testClient } from '../../helpers/meili.js';
import { type KzReplica, startKzMfaReplica } from '../../replicas/kz-mfa.js';
import { startUsStateReplica, type UsStateReplica } from '../../replicas/us-state.js';

const client = testClient();
let uid: string;
let dir: string;
let archive: Archive;
let kz: KzReplica;
let us: UsStateReplica;
let scheduler: CrawlScheduler;
let server: RunningServer;
let harness: CrawlHarness;

beforeAll(async () => {
  uid = await createTestIndex(client, 'crawl-api');
  dir = await mkdtemp(path.join(tmpdir(), 'crawl-api-'));
  archive = new Archive(path.join(dir, 'archive.db'));
  harness = await CrawlHarness.create(); // for its captured logger
  kz = await startKzMfaReplica();
  us = await startUsStateReplica();
  // Nothing listens there: the site is down.
  const deadPort = await freePort();
  scheduler = new CrawlScheduler({
    archive,
    // The three sources this test serves (or leaves unreachable); no other may be tried.
    sources: ['kz-mfa', 'cn-mfa', 'us-state'].map((id) => sourceById(id)!),
    defaults: TEST_DEFAULTS,
    originOverrides: new Map([
      ['https://www.gov.kz', kz.baseUrl],
      ['https://www.state.gov', us.baseUrl],
      ['https://www.fmprc.gov.cn', `http://127.0.0.1:${deadPort}`],
    ]),
    intervalMs: 3_600_000,
    index: { client, uid },
    logger: harness.logger,
  });
  server = await listen(
    createApp({
      search: new SearchService(client, uid),
      settingsApplied: () => true,
      sources: () => scheduler.status(),
    }),
  );
});

afterAll(async () => {
  await scheduler.stop();
  await server.close();
  await kz.close();
  await us.close();
  archive.close();
  await harness.close();
  await rm(dir, { recursive: true, force: true });
  await deleteIndex(client, uid);
});

it('lists the sources before any crawl', async () => {
  const { status, body } = await getJson(`${server.baseUrl}/api/sources`);
  expect(status).toBe(200);
  const parsed = sourcesResponseSchema.parse(body);
  expect(parsed.crawlInterval).toBe('1h');
  expect(parsed.sources.map((s) => [s.id, s.lastRun])).toEqual([
    ['kz-mfa', null],
    ['cn-mfa', null],
    ['us-state', null],
  ]);
});

it('crawls on start, shows each source’s run, and keeps serving search when a site is down', async () => {
  scheduler.start();
  const report = await scheduler.runNow();
  expect(report?.sources.map((s) => [s.source, s.status])).toEqual([
    ['kz-mfa', 'completed'],
    ['cn-mfa', 'postponed'],
    ['us-state', 'completed'],
  ]);
  const { body } = await getJson(`${server.baseUrl}/api/sources`);
  const sources = sourcesResponseSchema.parse(body).sources;
  const byId = Object.fromEntries(sources.map((s) => [s.id, s]));
  expect(byId['kz-mfa']).toMatchObject({
    crawling: false,
    pendingIndex: 0,
    lastRun: { status: 'completed', errors: 0 },
  });
  expect(byId['kz-mfa']!.releases).toBeGreaterThan(100);
  expect(byId['kz-mfa']!.lastRun!.newReleases).toBe(byId['kz-mfa']!.releases);
  expect(byId['us-state']).toMatchObject({
    releases: 30,
    lastRun: { status: 'completed', pages: 4, newReleases: 30 }, // 3 feed pages + the 404 past the end
  });
  expect(byId['cn-mfa']).toMatchObject({
    releases: 0,
    lastRun: { status: 'postponed', errorCodes: { HOST_UNREACHABLE: 1 } },
  });
  expect(byId['cn-mfa']!.lastRun!.message).toMatch(/postponed/);
  for (const s of sources) expect(Date.parse(s.nextRun ?? '')).toBeGreaterThan(Date.now());

  const warning = harness.log.find(
    (l) => l.source === 'cn-mfa' && /could not be crawled/.test(l.msg),
  );
  expect(warning?.level).toBe(40);

  const search = await getJson(`${server.baseUrl}/api/search?source=us-state&perPage=1`);
  expect(search.status).toBe(200);
  expect(search.body.total).toBe(30);
  const kzSearch = await getJson(`${server.baseUrl}/api/search?source=kz-mfa&lang=ru&perPage=1`);
  expect(kzSearch.body.total).toBeGreaterThan(90);
});

it("shows each source's health: last success, failure rate, verified state, staleness", async () => {
  const parsed = sourcesResponseSchema.parse((await getJson(`${server.baseUrl}/api/sources`)).body);
  const byId = Object.fromEntries(parsed.sources.map((s) => [s.id, s]));
  expect(byId['us-state']).toMatchObject({ kind: 'feed', languages: ['en'] });
  expect(byId['us-state']!.health).toMatchObject({
    failureRate: 0,
    recentRuns: 1,
    releases: 30,
    verified: true,
    verifiedAt: null,
    itemsPending: 0,
    itemsGivenUp: 0,
  });
  expect(Date.parse(byId['us-state']!.health.lastSuccess ?? '')).toBeGreaterThan(
    Date.now() - 3_600_000,
  );
  // The feed snapshots end in August 2022: far longer ago than its usual interval.
  expect(byId['us-state']!.health.newestRelease?.slice(0, 7)).toBe('2022-08');
  expect(byId['us-state']!.health).toMatchObject({ stale: true, status: 'stale' });
  expect(byId['us-state']!.health.staleReason).toMatch(
    /^no new release for \d+ days; it usually publishes every /,
  );
  // gov.kz's API was never seen live: its file says unverified.
  expect(byId['kz-mfa']!.health).toMatchObject({ verified: false, failureRate: 0 });
  // The China MFA site was down on the only run.
  expect(byId['cn-mfa']!.health).toMatchObject({
    status: 'failing',
    failureRate: 1,
    lastSuccess: null,
    releases: 0,
  });

  const page = await fetch(`${server.baseUrl}/sources`);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  const html = await page.text();
  expect(html).toContain('<code>cn-mfa</code>');
  expect(html).toMatch(/<strong>failing<\/strong>/);
  expect(html).toContain('no new release for');
});

it('counts the releases the index refused, per source and in all', async () => {
  const row = archive.db
    .prepare("SELECT id, content_hash FROM releases WHERE source = 'us-state' LIMIT 1")
    .get() as { id: string; content_hash: string };
  // As syncArchiveToIndex records a refusal (tests/integration/import-archive.test.ts).
  archive.releases.markRefused([
    { id: row.id, contentHash: row.content_hash, code: 'malformed_payload', reason: 'test' },
  ]);
  archive.db.prepare('UPDATE releases SET indexed_hash = NULL WHERE id = ?').run(row.id);
  const parsed = sourcesResponseSchema.parse((await getJson(`${server.baseUrl}/api/sources`)).body);
  expect(parsed.sources.find((s) => s.id === 'us-state')).toMatchObject({
    refused: 1,
    pendingIndex: 0,
  });
  expect(parsed.sources.find((s) => s.id === 'kz-mfa')?.refused).toBe(0);
  expect(parsed.index).toEqual({ pending: 0, refused: 1 });
});

it('documents the route in the OpenAPI document', async () => {
  const { body } = await getJson(`${server.baseUrl}/api/openapi.json`);
  expect(body.paths['/api/sources'].get.responses['200']).toBeDefined();
});
