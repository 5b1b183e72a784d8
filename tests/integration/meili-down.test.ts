/**
 * Meilisearch failing under a running API: paused (accepts connections,
 * never answers) and stopped (connection refused). The API answers 503
 * SEARCH_UNAVAILABLE within its time-out and recovers when the server is back.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { buildIndexSettings } from '../../index-config/settings.js';
import { createRelease } from '../../src/domain/create-release.js';
import { createApp } from '../../src/http/app.js';
import { indexReleases } from '../../src/indexing/indexer.js';
import { applySettings } from '../../src/indexing/settings.js';
import { createMeiliClient } from '../../src/meili/client.js';
import { EmbeddedMeili } from '../../src/meili/launcher.js';
import { SearchService } from '../../src/search/service.js';
import { getJson, listen, type RunningServer } from '../helpers/http.js';

const TIMEOUT_MS = 800;
let meili: EmbeddedMeili;
let server: RunningServer;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'meili-down-'));
  const key = randomBytes(24).toString('hex');
  meili = new EmbeddedMeili({
    binary: inject('meiliBinary'),
    dataDir: dir,
    masterKey: key,
    stopGraceMs: 2000,
  });
  // This test stops its own server, so it does not share the run's one.
  const host = await meili.start();
  const client = createMeiliClient({ host, apiKey: key, timeoutMs: TIMEOUT_MS });
  const setupClient = createMeiliClient({ host, apiKey: key, timeoutMs: 30_000 });
  await applySettings(setupClient, 'down', buildIndexSettings());
  await indexReleases(setupClient, 'down', [
    createRelease({
      url: 'https://example.org/a',
      source: 'us-state',
      lang: 'en',
      title: 'Energy security talks',
      body: 'The ministers discussed energy security.',
      published: '2023-12-01T00:00:00Z',
    }),
  ]);
  server = await listen(
    createApp({ search: new SearchService(client, 'down'), settingsApplied: () => true }),
  );
});

afterAll(async () => {
  meili.resume();
  await server?.close();
  await meili?.stop();
  await rm(dir, { recursive: true, force: true });
});

const searchUrl = () => `${server.baseUrl}/api/search?q=energy`;

it('answers 503 SEARCH_UNAVAILABLE when Meilisearch hangs, and recovers', async () => {
  expect((await getJson(searchUrl())).status).toBe(200);
  meili.pause();
  // The paused server never answers: a response at all means the API's time-out fired.
  const { status, body } = await getJson(searchUrl());
  expect(status).toBe(503);
  expect(body.error.code).toBe('SEARCH_UNAVAILABLE');
  expect(body.error.message).toMatch(/did not answer/);
  const ready = await getJson(`${server.baseUrl}/api/ready`);
  expect(ready.status).toBe(503);
  expect(ready.body.checks.meilisearch).toBe(false);
  meili.resume();
  const back = await getJson(searchUrl());
  expect(back.status).toBe(200);
  expect(back.body.total).toBe(1);
});

it('answers 503 when Meilisearch is stopped, and recovers when it is started again', async () => {
  await meili.stop();
  for (const url of [searchUrl(), `${server.baseUrl}/api/releases/${'a'.repeat(32)}`]) {
    const { status, body } = await getJson(url);
    expect(status).toBe(503);
    expect(body.error.code).toBe('SEARCH_UNAVAILABLE');
  }
  const home = await fetch(`${server.baseUrl}/`);
  expect(home.status).toBe(200);
  expect(await home.text()).toContain('not answering');
  await meili.start();
  const back = await getJson(searchUrl());
  expect(back.status).toBe(200);
  expect(back.body.hits[0].title).toBe('Energy security talks');
});
