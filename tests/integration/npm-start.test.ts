/**
 * `npm start` as a user runs it: a child process that starts the embedded
 * Meilisearch, imports the seed file into an empty index, serves search, and
 * shuts everything down on SIGTERM.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readStateDept } from '../helpers/corpus.js';
import { isAlive } from '../helpers/process.js';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.js';

let dir: string;
let server: ServerProcess;
let baseUrl: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'npm-start-'));
  const seed = path.join(dir, 'seed.jsonl');
  const records = readStateDept().slice(0, 50);
  await writeFile(seed, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  server = await startServerProcess({
    DATA_DIR: path.join(dir, 'data'),
    SEED_FILE: seed,
    MEILI_HOST: '',
    CRAWL_INTERVAL: 'off',
  });
  baseUrl = server.baseUrl;
}, 120_000);

afterAll(async () => {
  if (server?.child.exitCode === null) server.child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

it('serves search over the seed releases from an embedded Meilisearch', async () => {
  let total = 0;
  for (let attempt = 0; attempt < 100 && total < 50; attempt++) {
    const response = await fetch(`${baseUrl}/api/search`);
    total = ((await response.json()) as { total: number }).total;
    if (total < 50) await new Promise((r) => setTimeout(r, 200));
  }
  expect(total).toBe(50);
  const home = await (await fetch(`${baseUrl}/`)).text();
  expect(home).toContain('<strong>50</strong> releases are indexed');
  // The widget is built at start-up: no build step before npm start.
  const widget = await fetch(`${baseUrl}/widget.js`);
  expect(widget.status).toBe(200);
  expect(await widget.text()).toContain('mfa-search');
  expect(home).toMatch(/<script src="\/widget\.[0-9a-f]{12}\.js" defer>/);
  const ready = await fetch(`${baseUrl}/api/ready`);
  expect(ready.status).toBe(200);
  const keyFile = path.join(dir, 'data', 'meili.key');
  expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
});

it('stops Meilisearch and exits 0 on SIGTERM', async () => {
  const marker = JSON.parse(
    await readFile(path.join(dir, 'data', 'meili', 'server.json'), 'utf8'),
  ) as {
    pid: number;
  };
  expect(isAlive(marker.pid)).toBe(true);
  expect(await server.stop()).toBe(0);
  expect(isAlive(marker.pid)).toBe(false);
  expect(server.lines.some((l) => l.msg === 'Meilisearch stopped')).toBe(true);
});
