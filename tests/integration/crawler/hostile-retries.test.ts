/**
 * A failed item is tried again in later runs (issue 7, item 4): it stays
 * pending with a next-attempt time and exponential back-off across runs, is
 * given up after CRAWL_RETRY_MAX_RUNS failed runs (GAVE_UP), and shows in the
 * run summary and in GET /api/sources. Run after run against the hostile
 * site, through the scheduler that `npm start` uses.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { summaryTable } from '../../../crawler/crawl/progress.js';
import type { CrawlReport } from '../../../crawler/crawl/run.js';
import { CrawlScheduler } from '../../../crawler/crawl/scheduler.js';
import { sourcesResponseSchema } from '../../../src/domain/source-status.js';
import { createApp } from '../../../src/http/app.js';
import { SearchService } from '../../../src/search/service.js';
import { CrawlHarness, TEST_DEFAULTS } from '../../helpers/crawl.js';
import { getJson, listen, type RunningServer } from '../../helpers/http.js';
import { testClient } from '../../helpers/meili.js';
import { HOSTILE_SOURCE, type HostileSite, startHostileSite } from '../../replicas/hostile.js';

let site: HostileSite;
let harness: CrawlHarness;
let scheduler: CrawlScheduler;
let server: RunningServer;

// Items of the one listing page.
const flaky = 2; // 503 run after run: given up
const hanging = 3; // never answers in the first run, fine afterwards
const slowDown = 4; // 429 asking for an hour: tried again only after it

beforeAll(async () => {
  site = await startHostileSite({ pages: 1, perPage: 5 });
  harness = await CrawlHarness.create();
  scheduler = new CrawlScheduler({
    archive: harness.archive,
    sources: [HOSTILE_SOURCE],
    defaults: {
      ...TEST_DEFAULTS,
      delayMs: 0,
      maxRetries: 1,
      readTimeoutMs: 800,
      maxRetryAfterMs: 1000,
      // Due again at once in the next run, so each run here is one step of the back-off.
      retryBackoffMs: 0,
      retryMaxRuns: 3,
    },
    originOverrides: site.overrides,
    intervalMs: 'off',
    logger: harness.logger,
  });
  server = await listen(
    createApp({
      search: new SearchService(testClient(), 'unused'),
      settingsApplied: () => true,
      sources: () => scheduler.status(),
    }),
  );
  site.behave(flaky, { kind: 'outage', times: 1000 });
  site.behave(hanging, { kind: 'hang' });
  site.behave(slowDown, { kind: 'rate-limited', retryAfter: '3600', times: 1000 });
}, 60_000);

afterAll(async () => {
  await scheduler.stop();
  await server.close();
  await site.close();
  await harness.close();
});

const run = async (): Promise<CrawlReport> => {
  const report = await scheduler.runNow();
  if (!report) throw new Error('the crawl failed');
  return report;
};
const itemRow = (id: number) =>
  harness.archive.db
    .prepare('SELECT state, attempts, next_attempt_at, error_code FROM items WHERE url = ?')
    .get(site.itemUrl(id)) as {
    state: string;
    attempts: number;
    next_attempt_at: string | null;
    error_code: string;
  };
const requestsFor = (id: number, from: number) =>
  site.log.slice(from).filter((r) => r.path === site.itemPath(id)).length;
const apiSource = async () => {
  const { status, body } = await getJson(`${server.baseUrl}/api/sources`);
  expect(status).toBe(200);
  return sourcesResponseSchema.parse(body).sources[0]!;
};

it('keeps failed items pending with a next attempt, and says so in the summary and the API', async () => {
  const report = await run();
  const result = report.sources[0]!;
  expect(result.status).toBe('completed');
  expect(result.counts.itemsNew).toBe(2);
  // 503 and 429 are both RATE_LIMITED (with or without Retry-After).
  expect(result.counts.errors).toEqual({ TIMEOUT: 1, RATE_LIMITED: 2 });
  expect(itemRow(flaky)).toMatchObject({
    state: 'failed',
    attempts: 1,
    error_code: 'RATE_LIMITED',
  });
  expect(itemRow(hanging)).toMatchObject({ state: 'failed', attempts: 1, error_code: 'TIMEOUT' });
  // Retry-After beyond what we wait in a run: the next attempt is not before it.
  const limited = itemRow(slowDown);
  expect(limited).toMatchObject({ state: 'failed', attempts: 1 });
  expect(Date.parse(limited.next_attempt_at!)).toBeGreaterThan(Date.now() + 3500_000);
  expect(result.items).toMatchObject({ failed: 3, gaveUp: 0 });

  const table = summaryTable(report);
  expect(table).toMatch(/\| retried \|/);
  expect(table).toContain('hostile-mfa: 3 items failed and wait to be tried again (next at ');

  const api = await apiSource();
  expect(api.items).toMatchObject({ failed: 3, gaveUp: 0 });
  expect(Date.parse(api.items.nextAttemptAt ?? '')).toBeLessThanOrEqual(Date.now());
  expect(api.lastRun).toMatchObject({ retriedItems: 0, errorCodes: { RATE_LIMITED: 2 } });
});

it('tries the due ones again in the next run — a transient outage loses nothing', async () => {
  site.behave(hanging, undefined);
  const before = site.log.length;
  const report = await run();
  const result = report.sources[0]!;
  expect(result.counts.itemsRetried).toBe(2);
  expect(requestsFor(hanging, before)).toBe(1);
  expect(requestsFor(flaky, before)).toBe(2); // one try and its retry in this run
  expect(requestsFor(slowDown, before)).toBe(0); // not due before its Retry-After
  expect(itemRow(hanging)).toMatchObject({ state: 'fetched', attempts: 0 });
  expect(result.counts.itemsNew).toBe(1);
  expect(result.counts.releasesNew).toBe(1);
  expect(
    harness.count('SELECT COUNT(*) AS n FROM releases WHERE item_url = ?', site.itemUrl(hanging)),
  ).toBe(1);
  expect(itemRow(flaky)).toMatchObject({ state: 'failed', attempts: 2 });
  expect((await apiSource()).lastRun).toMatchObject({ retriedItems: 2 });
});

it('gives an item up after CRAWL_RETRY_MAX_RUNS failed runs (GAVE_UP), and asks no more', async () => {
  const report = await run();
  const result = report.sources[0]!;
  expect(result.counts.itemsRetried).toBe(1);
  expect(result.counts.errors.GAVE_UP).toBe(1);
  expect(harness.log.find((l) => l.code === 'GAVE_UP')?.url).toBe(site.itemUrl(flaky));
  expect(itemRow(flaky)).toMatchObject({ state: 'gave_up', attempts: 3 });
  expect(summaryTable(report)).toContain('1 given up (GAVE_UP)');
  const api = await apiSource();
  expect(api.items).toMatchObject({ failed: 1, gaveUp: 1 });
  expect(api.lastRun?.errorCodes).toMatchObject({ GAVE_UP: 1 });

  const before = site.log.length;
  const last = await run();
  expect(last.sources[0]!.counts.itemsRetried).toBe(0);
  expect(requestsFor(flaky, before)).toBe(0);
});
