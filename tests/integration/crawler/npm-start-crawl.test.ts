/**
 * `npm start` with the crawl on: the crawl of all enabled sources runs at
 * start, GET /api/sources shows it, a source whose site cannot be reached is
 * reported per source in the log, and search is served throughout.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { sourcesResponseSchema } from '../../../src/domain/source-status.js';
import { freePort } from '../../../src/meili/launcher.js';
import { getJson } from '../../helpers/http.js';
import { createTestIndex, deleteIndex, testClient } from '../../helpers/meili.js';
import { type ServerProcess, startServerProcess } from '../../helpers/server-process.js';
import { type KzReplica, startKzMfaReplica } from '../../replicas/kz-mfa.js';
import { startUsStateReplica, type UsStateReplica } from '../../replicas/us-state.js';

const client = testClient();
let uid: string;
let dir: string;
let kz: KzReplica;
let us: UsStateReplica;
let server: ServerProcess;
let baseUrl: string;

beforeAll(async () => {
  uid = await createTestIndex(client, 'crawl-start');
  dir = await mkdtemp(path.join(tmpdir(), 'crawl-start-'));
  kz = await startKzMfaReplica();
  us = await startUsStateReplica();
  server = await startServerProcess({
    DATA_DIR: path.join(dir, 'data'),
    MEILI_HOST: inject('meiliHost'),
    MEILI_MASTER_KEY: inject('meiliKey'),
    MEILI_INDEX: uid,
    SEED_FILE: 'off',
    CRAWL_INTERVAL: '1h',
    CRAWL_DELAY_MS: '0',
    SOURCE_BASE_URL_KZ_MFA: kz.baseUrl,
    SOURCE_BASE_URL_US_STATE: us.baseUrl,
    // Nothing listens there: the site is down.
    SOURCE_BASE_URL_CN_MFA: `http://127.0.0.1:${await freePort()}`,
  });
  baseUrl = server.baseUrl;
}, 120_000);

afterAll(async () => {
  if (server?.child.exitCode === null) server.child.kill('SIGKILL');
  await kz.close();
  await us.close();
  await rm(dir, { recursive: true, force: true });
  await deleteIndex(client, uid);
});

it('crawls at start, shows it at /api/sources, and serves search while a site is down', async () => {
  let sources = sourcesResponseSchema.parse((await getJson(`${baseUrl}/api/sources`)).body).sources;
  for (
    let i = 0;
    i < 300 && sources.some((s) => !s.lastRun?.finishedAt || s.pendingIndex > 0);
    i++
  ) {
    await new Promise((r) => setTimeout(r, 100));
    sources = sourcesResponseSchema.parse((await getJson(`${baseUrl}/api/sources`)).body).sources;
  }
  const byId = Object.fromEntries(sources.map((s) => [s.id, s]));
  expect(byId['us-state']).toMatchObject({
    releases: 30,
    pendingIndex: 0,
    lastRun: { status: 'completed' },
  });
  expect(byId['kz-mfa']?.lastRun?.status).toBe('completed');
  expect(byId['cn-mfa']).toMatchObject({ releases: 0, lastRun: { status: 'postponed' } });
  expect(byId['cn-mfa']?.nextRun).not.toBeNull();
  const warning = server.lines.find(
    (l) => l.source === 'cn-mfa' && /could not be crawled/.test(String(l.msg)),
  );
  expect(warning).toBeDefined();
  const search = await getJson(`${baseUrl}/api/search?source=us-state&perPage=1`);
  expect(search.status).toBe(200);
  expect(search.body.total).toBe(30);
});

it('stops cleanly on SIGTERM', async () => {
  expect(await server.stop()).toBe(0);
});
