/**
 * The seed at start with its default configuration: `npm start` on an empty
 * index takes every real text in SHARED_DIR through the import path — here
 * a SHARED_DIR laid out like ../shared, holding the first lines of each real
 * file and a few of the saved China MFA pages (English and Chinese) — and
 * search serves all four sources.
 */
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readNewsTexts, readStateDept } from '../helpers/corpus.js';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.js';
import { sharedPath } from '../helpers/shared.js';

let dir: string;
let server: ServerProcess | undefined;

async function lines(file: string, records: object[]) {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'seed-'));
  const shared = path.join(dir, 'shared');
  await lines(
    path.join(shared, 'corpus', 'state-dept', 'releases.jsonl'),
    readStateDept().slice(0, 20),
  );
  await lines(
    path.join(shared, 'corpus', 'mfa-news-ru-kk', 'texts.jsonl'),
    readNewsTexts().slice(0, 20),
  );
  await mkdir(path.join(shared, 'fixtures'));
  await copyFile(
    sharedPath('fixtures', 'kazakhstan-today-seed.txt'),
    path.join(shared, 'fixtures', 'kazakhstan-today-seed.txt'),
  );
  // A saved site of its own: three English and three Chinese transcripts of the real copy.
  const fmprc = sharedPath('sites', 'www.fmprc.gov.cn');
  const chosen = readFileSync(path.join(fmprc, '_manifest.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.includes('"kind": "item"'))
    .filter((_line, i, all) => i < 3 || i >= all.length - 3);
  const site = path.join(shared, 'sites', 'www.fmprc.gov.cn');
  for (const line of chosen) {
    const page = JSON.parse(line) as { path: string };
    await mkdir(path.dirname(path.join(site, page.path)), { recursive: true });
    await copyFile(path.join(fmprc, page.path), path.join(site, page.path));
  }
  await writeFile(path.join(site, '_manifest.jsonl'), `${chosen.join('\n')}\n`);
  server = await startServerProcess({
    DATA_DIR: path.join(dir, 'data'),
    SHARED_DIR: shared,
    SEED_FILE: '',
    MEILI_HOST: '',
    CRAWL_INTERVAL: 'off',
  });
}, 180_000);

afterAll(async () => {
  if (server?.child.exitCode === null) await server.stop();
  await rm(dir, { recursive: true, force: true });
});

it('imports the State Department releases, the news texts, the seed release and the China MFA pages', async () => {
  const finished = () => server?.lines.filter((l) => l.msg === 'seed import finished') ?? [];
  for (let attempt = 0; attempt < 600 && finished().length < 4; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(finished().map((l) => path.basename(String(l.file ?? l.site)))).toEqual([
    'releases.jsonl',
    'texts.jsonl',
    'kazakhstan-today-seed.txt',
    'www.fmprc.gov.cn',
  ]);
  const response = await fetch(`${server?.baseUrl}/api/search?perPage=1`);
  const body = (await response.json()) as {
    total: number;
    facets: { source: { value: string; count: number }[] };
  };
  const bySource = Object.fromEntries(body.facets.source.map((f) => [f.value, f.count]));
  expect(bySource['us-state']).toBe(20);
  expect(bySource['mfa-news-ru-kk']).toBeGreaterThan(15);
  expect(bySource['kazakhstan-today']).toBe(1);
  expect(bySource['cn-mfa']).toBe(6);
  const zh = (await (
    await fetch(`${server?.baseUrl}/api/search?source=cn-mfa&lang=zh&perPage=1`)
  ).json()) as {
    total: number;
    hits: { title: string }[];
  };
  expect(zh.total).toBe(3);
  expect(zh.hits[0]?.title).toMatch(/[\u4e00-\u9fff]/);
  expect(body.total).toBe(Object.values(bySource).reduce((a, b) => a + b, 0));
});

it('resumes a seed cut short at the next start, and leaves a seeded index alone after that', async () => {
  const data = path.join(dir, 'data');
  const shared = path.join(dir, 'shared');
  // The first start finished its seed: no marker is left.
  expect(existsSync(path.join(data, 'seed-in-progress'))).toBe(false);
  await server?.stop();
  const usState = async () => {
    const body = (await (
      await fetch(`${server?.baseUrl}/api/search?source=us-state&perPage=1`)
    ).json()) as { total: number };
    return body.total;
  };
  const restart = async () => {
    server = await startServerProcess({
      DATA_DIR: data,
      SHARED_DIR: shared,
      SEED_FILE: '',
      MEILI_HOST: '',
      CRAWL_INTERVAL: 'off',
    });
  };
  const seedDone = async () => {
    for (let attempt = 0; attempt < 600; attempt++) {
      if (server?.lines.some((l) => l.msg === 'seed import finished' && l.site)) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('the seed did not finish');
  };

  // A start stopped during its seed leaves the marker (written here, as such a stop would).
  await writeFile(path.join(data, 'seed-in-progress'), 'cut short\n');
  await lines(
    path.join(shared, 'corpus', 'state-dept', 'releases.jsonl'),
    readStateDept().slice(0, 30),
  );
  await restart();
  await seedDone();
  expect(
    server?.lines.some((l) => l.msg === 'the seed import was cut short last time: resuming it'),
  ).toBe(true);
  expect(await usState()).toBe(30);
  expect(existsSync(path.join(data, 'seed-in-progress'))).toBe(false);
  await server?.stop();

  // Seeded and not empty: the next start imports nothing, though the file grew.
  await lines(
    path.join(shared, 'corpus', 'state-dept', 'releases.jsonl'),
    readStateDept().slice(0, 40),
  );
  await restart();
  const skipped = 'the index holds releases and its seed finished: nothing to seed';
  for (let attempt = 0; attempt < 300 && !server?.lines.some((l) => l.msg === skipped); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(server?.lines.some((l) => l.msg === skipped)).toBe(true);
  expect(server?.lines.some((l) => l.msg === 'the index is empty: importing the seed')).toBe(false);
  expect(await usState()).toBe(30);
}, 240_000);
