/**
 * Meilisearch failing under a running API: paused (accepts connections,
 * never answers) and stopped (connection refused). The API answers 503
 * SEARCH_UNAVAILABLE within its time-out and recovers when the server is back.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { createMeiliClient } from '../../src/meili/client.js';
import type { EmbeddedMeili } from '../../src/meili/launcher.js';
import { SearchService } from '../../src/search/service.js';
import { getJson, listen, type RunningServer } from '../helpers/http.js';
import { type OwnMeili, startOwnMeili } from '../helpers/meili.js';

const TIMEOUT_MS = 800;
let own: OwnMeili;
let meili: EmbeddedMeili;
let server: RunningServer;

beforeAll(async () => {
  // This test stops its own server, so it does not share the run's one.
  own = await startOwnMeili('meili-down', 'down');
  meili = own.meili;
  const client = createMeiliClient({ host: own.host, apiKey: own.key, timeoutMs: TIMEOUT_MS });
  server = await listen(
    createApp({ search: new SearchService(client, 'down'), settingsApplied: () => true }),
  );
});

afterAll(async () => {
  await server?.close();
  await own?.close();
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
