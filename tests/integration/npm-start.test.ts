/**
 * `npm start` as a user runs it: a child process that starts the embedded
 * Meilisearch, imports the seed file into an empty index, serves search, and
 * shuts everything down on SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readStateDept } from '../helpers/corpus.js';
import { isAlive } from '../helpers/process.js';

const root = path.resolve(import.meta.dirname, '../..');
let dir: string;
let child: ChildProcess;
let baseUrl: string;
const logLines: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'npm-start-'));
  const seed = path.join(dir, 'seed.jsonl');
  const records = readStateDept().slice(0, 50);
  await writeFile(seed, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: path.join(dir, 'data'),
      SEED_FILE: seed,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      MEILI_HOST: '',
      // Tests never reach the internet: the crawl inside npm start is tested in crawler/npm-start-crawl.test.ts.
      CRAWL_INTERVAL: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (chunk) => logLines.push(String(chunk)));
  baseUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start:\n${logLines.join('\n')}`)),
      60_000,
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      logLines.push(line);
      const url = (JSON.parse(line) as { url?: string }).url;
      if (url) {
        clearTimeout(timer);
        resolve(url.replace(/\/$/, ''));
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`server exited with ${code}:\n${logLines.join('\n')}`)),
    );
  });
}, 120_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
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
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(isAlive(marker.pid)).toBe(false);
  expect(logLines.join('\n')).toContain('Meilisearch stopped');
});
