/**
 * The admin API of the assembled service: off without ADMIN_TOKEN (404),
 * 401 without a token, 403 with a wrong one; a crawl of one source against
 * the local State Department replica; a reindex job; the status; bodies too
 * large or malformed; and the metrics the same service exposes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenMatches } from '../../src/http/admin.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { startUsStateReplica, type UsStateReplica } from '../replicas/us-state.js';

const TOKEN = 'admin-token-for-tests-0123456789abcdef';
let service: TestService;
let replica: UsStateReplica;

beforeAll(async () => {
  replica = await startUsStateReplica();
  service = await startTestService('admin', {
    ADMIN_TOKEN: TOKEN,
    SOURCE_BASE_URL_US_STATE: replica.baseUrl,
  });
});

afterAll(async () => {
  await service?.close();
  await replica?.close();
});

function admin(path: string, init: RequestInit & { token?: string | null } = {}) {
  const { token = TOKEN, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token !== null) headers.set('authorization', `Bearer ${token}`);
  return fetch(`${service.baseUrl}/api/admin${path}`, { ...rest, headers });
}

function postJson(path: string, body: string) {
  return admin(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

async function status(): Promise<any> {
  const response = await admin('/status');
  expect(response.status).toBe(200);
  return response.json();
}

async function waitFor(check: (s: any) => boolean): Promise<any> {
  let current = await status();
  for (let i = 0; i < 300 && !check(current); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    current = await status();
  }
  expect(check(current)).toBe(true);
  return current;
}

describe('access', () => {
  it('answers 401 with WWW-Authenticate without a token, 403 with a wrong one', async () => {
    const none = await admin('/status', { token: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await none.json()) as any).error.code).toBe('UNAUTHORIZED');
    const basic = await admin('/status', { token: null, headers: { authorization: 'Basic eDp5' } });
    expect(basic.status).toBe(401);
    for (const wrong of [`${TOKEN}x`, TOKEN.slice(1), 'x']) {
      const response = await admin('/status', { token: wrong });
      expect(response.status).toBe(403);
      expect(((await response.json()) as any).error.code).toBe('FORBIDDEN');
    }
  });

  it('compares tokens whatever their lengths', () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches('', TOKEN)).toBe(false);
    expect(tokenMatches(`${TOKEN}${TOKEN}`, TOKEN)).toBe(false);
  });

  it('does not exist without ADMIN_TOKEN', async () => {
    const open = await startTestService('admin-off');
    try {
      for (const [method, path] of [
        ['GET', '/status'],
        ['POST', '/crawl'],
        ['POST', '/reindex'],
      ] as const) {
        const response = await fetch(`${open.baseUrl}/api/admin${path}`, {
          method,
          headers: { authorization: `Bearer ${TOKEN}` },
        });
        expect(response.status).toBe(404);
        expect(((await response.json()) as any).error.code).toBe('NOT_FOUND');
      }
    } finally {
      await open.close();
    }
  });
});

describe('requests', () => {
  it('crawls one source, refuses a second crawl while it runs, and shows it in the status', async () => {
    const started = await postJson('/crawl', JSON.stringify({ source: 'us-state' }));
    expect(started.status).toBe(202);
    expect(await started.json()).toEqual({ status: 'started', sources: ['us-state'] });
    const again = await admin('/crawl', { method: 'POST' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as any).error.code).toBe('CRAWL_RUNNING');
    const done = await waitFor(
      (s) =>
        s.crawl.sources.find((c: any) => c.id === 'us-state')?.lastRun?.status === 'completed' &&
        s.releases.pending === 0 &&
        !s.crawl.sources.some((c: any) => c.crawling),
    );
    expect(done.releases.archive, JSON.stringify(done)).toBe(30);
    expect(done.releases.index).toBe(30);
    expect(done.releases.indexLagSeconds).toBe(0);
    expect(done.engine).toMatchObject({ state: 'up', embedded: false });
    // Only the named source was crawled.
    expect(done.crawl.sources.find((c: any) => c.id === 'kz-mfa').lastRun).toBeNull();
    expect(replica.log.some((r) => r.path.startsWith('/rss-feed/'))).toBe(true);
  });

  it('rebuilds the index from the archive (fresh index, swapped in) as a job whose result the status shows', async () => {
    const started = await admin('/reindex', { method: 'POST' });
    expect(started.status).toBe(202);
    expect(((await started.json()) as any).job.state).toBe('running');
    const done = await waitFor((s) => s.reindex.state !== 'running');
    expect(done.reindex).toMatchObject({
      state: 'succeeded',
      result: { documents: 30, caughtUp: 0 },
    });
    expect(done.releases).toMatchObject({ archive: 30, index: 30, pending: 0 });
  });

  it('names an unknown source and refuses unknown or oversized bodies', async () => {
    const unknown = await postJson('/crawl', JSON.stringify({ source: 'nowhere' }));
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as any).error.message).toMatch(
      /Unknown source "nowhere".*us-state/,
    );
    const extra = await postJson('/crawl', JSON.stringify({ sources: ['us-state'] }));
    expect(extra.status).toBe(400);
    expect(((await extra.json()) as any).error.message).toMatch(/sources/);
    const broken = await postJson('/crawl', '{"source": ');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as any).error.code).toBe('INVALID_JSON');
    const large = await postJson('/crawl', JSON.stringify({ source: 'x'.repeat(20_000) }));
    expect(large.status).toBe(413);
    expect(((await large.json()) as any).error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('metrics', () => {
  it('serves Prometheus text with latency by route, errors by code, engine, archive and crawl figures', async () => {
    await fetch(`${service.baseUrl}/api/search?q=security`);
    await fetch(`${service.baseUrl}/api/search?perPage=0`);
    await fetch(`${service.baseUrl}/api/releases/${'0'.repeat(32)}`);
    const response = await fetch(`${service.baseUrl}/api/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const value = (pattern: string) => {
      const line = text.split('\n').find((l) => l.startsWith(pattern));
      expect(line, pattern).toBeDefined();
      return Number(line?.split(' ').at(-1));
    };
    expect(
      value(
        'press_http_request_duration_seconds_count{method="GET",route="/api/search",status="200"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value(
        'press_http_request_duration_seconds_count{method="GET",route="/api/releases/:id",status="404"}',
      ),
    ).toBe(1);
    expect(value('press_api_errors_total{route="/api/search",code="INVALID_PARAMETER"}')).toBe(1);
    expect(
      value('press_api_errors_total{route="/api/releases/:id",code="RELEASE_NOT_FOUND"}'),
    ).toBe(1);
    expect(value('press_meilisearch_up')).toBe(1);
    expect(value('press_meilisearch_state{state="up"}')).toBe(1);
    expect(value('press_meilisearch_restarts_total')).toBe(0);
    expect(value('press_releases{store="archive"}')).toBe(30);
    expect(value('press_releases{store="index"}')).toBe(30);
    expect(value('press_releases_pending_index')).toBe(0);
    expect(value('press_releases_index_failed')).toBe(0);
    expect(value('press_releases_refused')).toBe(0);
    expect(value('press_index_lag_seconds')).toBe(0);
    expect(value('press_crawl_pages_total{source="us-state"}')).toBeGreaterThan(0);
    expect(value('press_crawl_releases_new_total{source="us-state"}')).toBe(30);
    // No raw URLs as labels: the cardinality stays bounded whatever clients send.
    expect(text).not.toMatch(/0{32}/);
  });
});
