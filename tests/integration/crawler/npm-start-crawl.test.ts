/**
 * `npm start` with the crawl on: the crawl of all enabled sources runs at
 * start, GET /api/sources shows it, a source whose site cannot be reached is
 * reported per source in the log, and search is served throughout.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { sourcesResponseSchema } from '../../../src/http/sources-schema.js';
import { getJson } from '../../helpers/http.js';
import { createTestIndex, deleteIndex, testClient } from '../../helpers/meili.js';
import { type KzReplica, startKzMfaReplica } from '../../replicas/kz-mfa.js';
import { startUsStateReplica, type UsStateReplica } from '../../replicas/us-state.js';

const root = path.resolve(import.meta.dirname, '../../..');
const client = testClient();
let uid: string;
let dir: string;
let kz: KzReplica;
let us: UsStateReplica;
let child: ChildProcess;
let baseUrl: string;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  uid = await createTestIndex(client, 'crawl-start');
  dir = await mkdtemp(path.join(tmpdir(), 'crawl-start-'));
  kz = await startKzMfaReplica();
  us = await startUsStateReplica();
  const dead = createServer();
  await new Promise<void>((r) => dead.listen(0, '127.0.0.1', () => r()));
  const deadPort = (dead.address() as { port: number }).port;
  await new Promise<void>((r) => dead.close(() => r()));
  child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: path.join(dir, 'data'),
      MEILI_HOST: inject('meiliHost'),
      MEILI_MASTER_KEY: inject('meiliKey'),
      MEILI_INDEX: uid,
      SEED_FILE: 'off',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      CRAWL_INTERVAL: '1h',
      CRAWL_DELAY_MS: '0',
      SOURCE_BASE_URL_KZ_MFA: kz.baseUrl,
      SOURCE_BASE_URL_US_STATE: us.baseUrl,
      SOURCE_BASE_URL_CN_MFA: `http://127.0.0.1:${deadPort}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  baseUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start')), 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      lines.push(entry);
      if (typeof entry.url === 'string' && /serving search/.test(String(entry.msg))) {
        clearTimeout(timer);
        resolve(entry.url.replace(/\/$/, ''));
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}, 120_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
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
  const warning = lines.find(
    (l) => l.source === 'cn-mfa' && /could not be crawled/.test(String(l.msg)),
  );
  expect(warning).toBeDefined();
  const search = await getJson(`${baseUrl}/api/search?source=us-state&perPage=1`);
  expect(search.status).toBe(200);
  expect(search.body.total).toBe(30);
});

it('stops cleanly on SIGTERM', async () => {
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});
