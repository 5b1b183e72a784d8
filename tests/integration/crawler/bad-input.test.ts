/**
 * Bad input, each case with its error code in the log, its count in the
 * crawl's summary, and the crawl going on with everything else. Faults are
 * injected into the replicas built from the real pages.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrawlReport } from '../../../crawler/crawl/run.js';
import type { SourceDefinition } from '../../../crawler/sources/schema.js';
import { CrawlHarness } from '../../helpers/crawl.js';
import { sharedPath } from '../../helpers/shared.js';
import { CN_EN_LISTING, itemUrlsOfListing, startCnMfaReplica } from '../../replicas/cn-mfa.js';
import { type KzReplica, startKzMfaReplica } from '../../replicas/kz-mfa.js';
import type { Replica } from '../../replicas/server.js';

const byFile = (name: string) =>
  readFileSync(path.join(sharedPath('sites', 'mfa.gov.by', 'en', 'press', 'statements'), name));

function expectLogged(harness: CrawlHarness, code: string, url?: string) {
  const line = harness.log.find((l) => l.code === code && (url === undefined || l.url === url));
  expect(line, `a log line with code ${code}${url ? ` for ${url}` : ''}`).toBeDefined();
  expect(line?.source).toBeDefined();
}

describe('bad pages of an HTML source (cn-mfa)', () => {
  let replica: Replica;
  let harness: CrawlHarness;
  let report: CrawlReport;
  const items = itemUrlsOfListing(`${CN_EN_LISTING.slice(1)}default.shtml`);
  const pathOf = (i: number) => new URL(items[i]!).pathname;
  const spaShell =
    '<!doctype html><html><head><title>外交部</title></head><body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div></body></html>';
  const soft404 =
    '<html><head><title>Page Not Found</title></head><body><h1>404 - Page not found</h1><p>Sorry, the page you requested does not exist.</p></body></html>';

  beforeAll(async () => {
    replica = await startCnMfaReplica();
    harness = await CrawlHarness.create();
    replica.setFault(pathOf(0), { kind: 'status', status: 404 });
    replica.setFault(pathOf(1), { kind: 'status', status: 410 });
    replica.setFault(pathOf(2), {
      kind: 'body',
      body: soft404,
      contentType: 'text/html; charset=utf-8',
    });
    replica.setFault(pathOf(3), {
      kind: 'body',
      body: spaShell,
      contentType: 'text/html; charset=utf-8',
    });
    replica.setFault(pathOf(4), { kind: 'redirect-loop' });
    replica.setFault(pathOf(5), { kind: 'redirect-chain' });
    replica.setFault(pathOf(6), { kind: 'oversize', bytes: 300_000 });
    replica.setFault(pathOf(7), { kind: 'oversize', bytes: 300_000, chunked: true });
    replica.setFault(pathOf(8), { kind: 'hang' });
    replica.setFault(pathOf(9), {
      kind: 'stall-body',
      contentType: 'text/html',
      partial: '<html><head><title>',
    });
    // A windows-1251 page whose header claims UTF-8 (its <meta> tells the truth).
    replica.setFault(pathOf(10), {
      kind: 'body',
      body: byFile('b7b71aff55bfca76.html'),
      contentType: 'text/html; charset=utf-8',
    });
    // Russian windows-1251 text that declares no charset anywhere.
    const undeclared = iconv.encode(
      `<html><head><title>Заявление</title></head><body><p>${'Министерство иностранных дел выражает глубокую озабоченность. '.repeat(30)}</p></body></html>`,
      'windows-1251',
    );
    replica.setFault(pathOf(11), { kind: 'body', body: undeclared, contentType: 'text/html' });
    // The mfa.gov.by listing: bytes broken before they were saved, declaring windows-1251.
    replica.setFault(pathOf(12), {
      kind: 'body',
      body: byFile('index.html'),
      contentType: 'text/html',
    });
    replica.setFault(pathOf(13), { kind: 'retry-after', status: 429, retryAfter: '1', times: 1 });
    replica.setFault(pathOf(14), { kind: 'retry-after', status: 503, retryAfter: '0', times: 1 });
    // A tarpit: a few bytes every 100 ms, never silent for the 400 ms read time-out, never done.
    replica.setFault(pathOf(15), { kind: 'drip-body', everyMs: 100 });
    report = await harness.crawl({
      sources: ['cn-mfa'],
      replicas: { 'cn-mfa': replica.baseUrl },
      langs: ['en'],
      maxPages: 1,
      defaults: { readTimeoutMs: 400, maxBytes: 260_000, maxRetries: 1, concurrency: 4 },
    });
  }, 60_000);

  afterAll(async () => {
    await replica.close();
    await harness.close();
  });

  it('goes on with the good items whatever the bad ones do', () => {
    const result = report.sources[0]!;
    expect(result.status).toBe('completed');
    expect(result.counts.releasesNew).toBeGreaterThanOrEqual(items.length - 14);
    expect(
      harness.count("SELECT COUNT(*) AS n FROM items WHERE state = 'fetched'"),
    ).toBeGreaterThanOrEqual(items.length - 10);
  });

  it('records 404 and 410 items as gone (ITEM_GONE), without retrying them', () => {
    const errors = report.sources[0]!.counts.errors;
    expect(errors.ITEM_GONE).toBe(2);
    expectLogged(harness, 'ITEM_GONE', items[0]);
    expect(harness.count("SELECT COUNT(*) AS n FROM items WHERE state = 'gone'")).toBe(2);
    expect(replica.log.filter((r) => r.path === pathOf(0))).toHaveLength(1);
  });

  it('makes no release of a soft 404 (SOFT_404) or an SPA shell (EMPTY_CONTENT)', () => {
    const errors = report.sources[0]!.counts.errors;
    expect(errors.SOFT_404).toBe(1);
    expect(errors.EMPTY_CONTENT).toBe(1);
    expectLogged(harness, 'SOFT_404', items[2]);
    expectLogged(harness, 'EMPTY_CONTENT', items[3]);
    expect(
      harness.count(
        'SELECT COUNT(*) AS n FROM releases WHERE item_url IN (?, ?)',
        items[2],
        items[3],
      ),
    ).toBe(0);
  });

  it('stops a redirect loop (REDIRECT_LOOP) and an endless redirect chain (TOO_MANY_REDIRECTS)', () => {
    const errors = report.sources[0]!.counts.errors;
    expect(errors.REDIRECT_LOOP).toBe(1);
    expect(errors.TOO_MANY_REDIRECTS).toBe(1);
    expectLogged(harness, 'REDIRECT_LOOP', items[4]);
    expect(replica.log.filter((r) => r.path.startsWith(pathOf(5))).length).toBeLessThanOrEqual(6);
  });

  it('refuses responses over the size limit, announced or not (TOO_LARGE)', () => {
    expect(report.sources[0]!.counts.errors.TOO_LARGE).toBe(2);
    expectLogged(harness, 'TOO_LARGE', items[6]);
    expectLogged(harness, 'TOO_LARGE', items[7]);
  });

  it('gives up on a server that never answers, stalls mid-body or drips forever, after its retries (TIMEOUT)', () => {
    expect(report.sources[0]!.counts.errors.TIMEOUT).toBe(3);
    expectLogged(harness, 'TIMEOUT', items[8]);
    expectLogged(harness, 'TIMEOUT', items[15]);
    const dripped = harness.log.find((l) => l.code === 'TIMEOUT' && l.url === items[15]);
    expect(String(dripped?.msg)).toMatch(/took longer than 1600 ms/);
    expect(replica.log.filter((r) => r.path === pathOf(8))).toHaveLength(2);
    expect(
      harness.count("SELECT COUNT(*) AS n FROM items WHERE state = 'failed'"),
    ).toBeGreaterThanOrEqual(2);
  });

  it('decodes a wrong or missing charset correctly and says so (CHARSET_MISMATCH, CHARSET_UNDECLARED)', () => {
    const errors = report.sources[0]!.counts.errors;
    expect(errors.CHARSET_MISMATCH).toBe(1);
    expect(errors.CHARSET_UNDECLARED).toBe(1);
    expectLogged(harness, 'CHARSET_MISMATCH', items[10]);
    const wrong = harness.archive.db
      .prepare('SELECT charset, charset_source FROM responses WHERE url = ?')
      .get(items[10]);
    expect(wrong).toEqual({ charset: 'windows-1251', charset_source: 'meta' });
    const missing = harness.archive.db
      .prepare('SELECT charset FROM responses WHERE url = ?')
      .get(items[11]) as { charset: string };
    expect(missing.charset).toBe('windows-1251');
    const release = harness.archive.db
      .prepare('SELECT json FROM releases WHERE item_url = ?')
      .get(items[11]) as { json: string } | undefined;
    if (release) expect(JSON.parse(release.json).body).toContain('Министерство иностранных дел');
  });

  it('flags the broken mfa.gov.by page as damaged and indexes nothing of it (CHARSET_DAMAGED)', () => {
    expect(report.sources[0]!.counts.errors.CHARSET_DAMAGED).toBe(1);
    expectLogged(harness, 'CHARSET_DAMAGED', items[12]);
    expect(
      harness.archive.db.prepare('SELECT state FROM items WHERE url = ?').get(items[12]),
    ).toEqual({ state: 'damaged' });
    expect(harness.count('SELECT COUNT(*) AS n FROM releases WHERE item_url = ?', items[12])).toBe(
      0,
    );
  });

  it('honours Retry-After on 429 and 503, then fetches the page', () => {
    for (const i of [13, 14]) {
      const hits = replica.log.filter((r) => r.path === pathOf(i));
      expect(hits.map((h) => h.status)).toEqual([i === 13 ? 429 : 503, 200]);
      expect(
        harness.archive.db.prepare('SELECT state FROM items WHERE url = ?').get(items[i]),
      ).toEqual({ state: 'fetched' });
    }
    expect(report.sources[0]!.counts.errors.RATE_LIMITED).toBeUndefined();
  });
});

/** kz-mfa asks for 4 retries of its own; one is enough to show a retry happens. */
const oneRetry = (source: SourceDefinition): SourceDefinition => ({
  ...source,
  politeness: { ...source.politeness, maxRetries: 1 },
});

describe('bad answers of a JSON API source (kz-mfa)', () => {
  let replica: KzReplica;
  let harness: CrawlHarness;

  beforeAll(async () => {
    replica = await startKzMfaReplica();
    harness = await CrawlHarness.create();
  });

  afterAll(async () => {
    await replica.close();
    await harness.close();
  });

  it('counts truncated JSON, a GraphQL errors answer and a wrong shape, and keeps the good pages', async () => {
    replica.setPageFault('ru', 2, 'truncated-json');
    replica.setPageFault('kk', 1, 'graphql-errors');
    replica.setPageFault('en', 1, 'wrong-shape');
    const report = await harness.crawl({
      sources: ['kz-mfa'],
      replicas: { 'kz-mfa': replica.baseUrl },
      source: oneRetry,
    });
    const result = report.sources[0]!;
    expect(result.status).toBe('completed');
    expect(result.counts.errors).toMatchObject({
      INVALID_JSON: 1,
      GRAPHQL_ERROR: 1,
      INVALID_RESPONSE: 1,
    });
    expectLogged(harness, 'INVALID_JSON');
    expectLogged(harness, 'GRAPHQL_ERROR');
    expectLogged(harness, 'INVALID_RESPONSE');
    // ru page 1 made it; page 2 was tried twice (one retry) and counted once.
    expect(harness.count("SELECT COUNT(*) AS n FROM items WHERE lang = 'ru'")).toBe(50);
    expect(replica.queries.filter((q) => q.lang === 'ru' && q.page === 2)).toHaveLength(2);
    // The source's listing did not reach its end: the next run must not stop early.
    expect(harness.archive.runs.state('kz-mfa', 'ru').backfillDone).toBe(false);
  });

  it('counts an answer that is not JSON at all (INVALID_JSON)', async () => {
    replica.setPageFault('en', 1, 'invalid-json');
    const report = await harness.crawl({
      sources: ['kz-mfa'],
      replicas: { 'kz-mfa': replica.baseUrl },
      langs: ['en'],
      source: oneRetry,
    });
    expect(report.sources[0]!.counts.errors.INVALID_JSON).toBe(1);
    expect(report.sources[0]!.status).toBe('failed');
    expect(harness.log.some((l) => l.code === 'INVALID_JSON' && /not JSON/.test(l.msg))).toBe(true);
  });

  it('stops a listing that repeats the same page forever (LISTING_REPEATS)', async () => {
    const repeating = await startKzMfaReplica();
    const fresh = await CrawlHarness.create();
    try {
      repeating.repeatForever(true);
      const report = await fresh.crawl({
        sources: ['kz-mfa'],
        replicas: { 'kz-mfa': repeating.baseUrl },
        langs: ['ru'],
      });
      expect(report.sources[0]!.counts.errors.LISTING_REPEATS).toBe(1);
      expectLogged(fresh, 'LISTING_REPEATS');
      expect(repeating.queries.map((q) => q.page)).toEqual([1, 2]);
      expect(report.sources[0]!.counts.itemsNew).toBe(50);
    } finally {
      await repeating.close();
      await fresh.close();
    }
  });
});

describe('robots.txt', () => {
  it('that disallows everything: nothing is fetched, the source fails (ROBOTS_DISALLOWED)', async () => {
    const replica = await startCnMfaReplica();
    const harness = await CrawlHarness.create();
    try {
      replica.setFault('/robots.txt', {
        kind: 'body',
        body: 'User-agent: *\nDisallow: /\n',
        contentType: 'text/plain',
      });
      const report = await harness.crawl({
        sources: ['cn-mfa'],
        replicas: { 'cn-mfa': replica.baseUrl },
      });
      const result = report.sources[0]!;
      expect(result.status).toBe('failed');
      expect(result.counts.errors.ROBOTS_DISALLOWED).toBe(2);
      expectLogged(harness, 'ROBOTS_DISALLOWED');
      expect(replica.log.map((r) => r.path)).toEqual(['/robots.txt']);
    } finally {
      await replica.close();
      await harness.close();
    }
  });

  it('with a Crawl-delay larger than the configured delay: the crawl uses it', async () => {
    const replica = await startCnMfaReplica();
    const harness = await CrawlHarness.create();
    try {
      replica.setFault('/robots.txt', {
        kind: 'body',
        body: 'User-agent: *\nCrawl-delay: 0.05\nDisallow: /private/\n',
        contentType: 'text/plain',
      });
      const report = await harness.crawl({
        sources: ['cn-mfa'],
        replicas: { 'cn-mfa': replica.baseUrl },
        langs: ['en'],
        maxPages: 1,
      });
      expect(report.sources[0]!.status).toBe('completed');
      const line = harness.log.find((l) => /per-host delay set/.test(l.msg));
      expect(line).toMatchObject({ crawlDelaySec: 0.05, delayMs: 50 });
    } finally {
      await replica.close();
      await harness.close();
    }
  });

  it('that answers 503: the host is postponed (ROBOTS_UNAVAILABLE)', async () => {
    const replica = await startCnMfaReplica();
    const harness = await CrawlHarness.create();
    try {
      replica.setFault('/robots.txt', { kind: 'status', status: 503 });
      const report = await harness.crawl({
        sources: ['cn-mfa'],
        replicas: { 'cn-mfa': replica.baseUrl },
      });
      expect(report.sources[0]).toMatchObject({
        status: 'postponed',
        counts: { errors: { ROBOTS_UNAVAILABLE: 1 } },
      });
      expectLogged(harness, 'ROBOTS_UNAVAILABLE');
      expect(replica.log.map((r) => r.path)).toEqual(['/robots.txt']);
      expect(harness.archive.runs.last('cn-mfa')?.status).toBe('postponed');
    } finally {
      await replica.close();
      await harness.close();
    }
  });
});
