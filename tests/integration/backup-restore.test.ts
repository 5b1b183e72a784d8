/**
 * Backup and restore end to end, with the commands a user runs: `npm start`
 * on a DATA_DIR whose archive holds real releases, `npm run backup -- DIR`
 * while it serves, then `npm run restore -- DIR` into an empty DATA_DIR and
 * `npm start` on it: search answers the same before and after. Damaged
 * backups and a non-empty DATA_DIR are refused without touching anything.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Archive, archivePath } from '../../src/archive/archive.js';
import { releaseFromLine } from '../../src/ingest/jsonl.js';
import { manifestSchema } from '../../src/ops/backup.js';
import { newsImportLines, readStateDept } from '../helpers/corpus.js';
import { runNpmScript } from '../helpers/npm.js';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.js';

let dir: string;
const QUERIES = [
  '',
  'q=security',
  'q=Kazakhstan&sort=date_desc',
  'country=US&perPage=5',
  'lang=ru',
  'source=kz-mfa&from=2016-01-01&to=2020-12-31',
  'q=министр&locale=ru',
  'page=2&perPage=7&sort=date_asc',
];

const run = runNpmScript;

async function answers(server: ServerProcess): Promise<unknown[]> {
  return Promise.all(
    QUERIES.map(async (qs) => {
      const response = await fetch(`${server.baseUrl}/api/search?${qs}`);
      expect(response.status, qs).toBe(200);
      const { tookMs: _took, ...body } = (await response.json()) as Record<string, unknown>;
      return body;
    }),
  );
}

async function waitIndexed(server: ServerProcess, releases: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const body = (await (await fetch(`${server.baseUrl}/api/search?perPage=1`)).json()) as {
      total?: number;
    };
    if (body.total === releases) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the index never reached ${releases} releases`);
}

const serve = (dataDir: string) =>
  startServerProcess({
    DATA_DIR: dataDir,
    MEILI_HOST: '',
    SEED_FILE: 'off',
    CRAWL_INTERVAL: 'off',
  });

let releases = 0;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'backup-'));
  const archive = new Archive(archivePath(path.join(dir, 'a')));
  const fetchedAt = new Date().toISOString();
  const lines = [
    ...readStateDept()
      .slice(0, 80)
      .map((r) => ({ ...r, source: 'us-state' })),
    ...newsImportLines(40, 800000),
  ];
  for (const line of lines) {
    const release = releaseFromLine(line, {}, fetchedAt);
    archive.releases.save(release, release.url);
  }
  releases = archive.releases.pendingIndexCount();
  archive.close();
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('restores into an empty DATA_DIR what search answered before the backup', async () => {
  const before = await serve(path.join(dir, 'a'));
  let expected: unknown[];
  const backupDir = path.join(dir, 'backup');
  try {
    // npm start indexes the archive's pending releases at start.
    await waitIndexed(before, releases);
    expected = await answers(before);
    // While the service runs: the archive is copied online, the dump taken by the running engine.
    const backup = await run('backup', [backupDir], { DATA_DIR: path.join(dir, 'a') });
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(new RegExp(`archive.db .*${releases} releases`));
    const manifest = manifestSchema.parse(
      JSON.parse(await readFile(path.join(backupDir, 'manifest.json'), 'utf8')),
    );
    expect(manifest.archive.releases).toBe(releases);
    expect(manifest.meilisearch.indexes).toContainEqual({ uid: 'releases', documents: releases });
    expect((await readdir(backupDir)).sort()).toEqual([
      'archive.db',
      'manifest.json',
      'meilisearch.dump',
    ]);
    // Search went on being served during the backup.
    expect((await fetch(`${before.baseUrl}/api/search?q=security`)).status).toBe(200);
  } finally {
    expect(await before.stop()).toBe(0);
  }

  const restored = await run('restore', [backupDir], { DATA_DIR: path.join(dir, 'b') });
  expect(restored.code, restored.stderr).toBe(0);
  expect(restored.stdout).toMatch(new RegExp(`releases: ${releases} documents`));

  const after = await serve(path.join(dir, 'b'));
  try {
    expect(await answers(after)).toEqual(expected);
    const sources = (await (await fetch(`${after.baseUrl}/api/sources`)).json()) as {
      sources: { id: string; releases: number; pendingIndex: number }[];
    };
    const archived = sources.sources.reduce((sum, s) => sum + s.releases, 0);
    expect(archived).toBe(releases);
    expect(sources.sources.every((s) => s.pendingIndex === 0)).toBe(true);
  } finally {
    expect(await after.stop()).toBe(0);
  }
});

it('refuses a DATA_DIR that is not empty, and a damaged backup, naming the problem', async () => {
  const backupDir = path.join(dir, 'backup');
  const busy = await run('restore', [backupDir], { DATA_DIR: path.join(dir, 'a') });
  expect(busy.code).toBe(2);
  expect(busy.stderr).toMatch(/DATA_DIR_NOT_EMPTY.*archive\.db/);

  const again = await run('backup', [backupDir], { DATA_DIR: path.join(dir, 'a') });
  expect(again.code).toBe(2);
  expect(again.stderr).toMatch(/BACKUP_DIR_NOT_EMPTY/);

  const dump = path.join(backupDir, 'meilisearch.dump');
  const bytes = await readFile(dump);
  bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0xff;
  await writeFile(dump, bytes);
  const damaged = await run('restore', [backupDir], { DATA_DIR: path.join(dir, 'c') });
  expect(damaged.code).toBe(2);
  expect(damaged.stderr).toMatch(/BACKUP_CORRUPT.*meilisearch\.dump does not match the manifest/);
  // Nothing was written for the refused restore.
  await expect(readdir(path.join(dir, 'c'))).rejects.toThrow(/ENOENT/);

  const help = await run('restore', ['--help'], {});
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/^Usage: npm run restore/);
});
