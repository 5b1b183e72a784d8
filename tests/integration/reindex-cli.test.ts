/** `npm run reindex` as people run it: an archive in DATA_DIR, the index rebuilt from it. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { Archive } from '../../src/archive/archive.js';
import { deleteIndex, testClient, uniqueIndexUid } from '../helpers/meili.js';
import { loadCorpus } from '../relevance/corpus.js';

const root = path.resolve(import.meta.dirname, '../..');
const client = testClient();
const uid = uniqueIndexUid('reindex-cli');
let dir: string;
let releases: number;

function reindex(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/reindex.ts', ...args], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dir,
      MEILI_HOST: inject('meiliHost'),
      MEILI_MASTER_KEY: inject('meiliKey'),
      MEILI_INDEX: uid,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'reindex-cli-'));
  const archive = new Archive(path.join(dir, 'archive.db'));
  for (const { release } of loadCorpus({ limitPerPart: 5 }))
    archive.releases.save(release, release.url);
  releases = archive.releases.currentCount();
  archive.close();
}, 120_000);

afterAll(async () => {
  await deleteIndex(client, uid).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

it('prints its help and refuses a bad option with exit code 2', async () => {
  const help = await reindex(['--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('Usage: npm run reindex');
  const bad = await reindex(['--batch-size', 'many']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--batch-size must be a positive whole number, got "many"');
});

it('rebuilds the index from the archive and reports it', async () => {
  const { code, stderr } = await reindex(['--batch-size', '50']);
  expect(code, stderr).toBe(0);
  expect(stderr).toContain(`rebuilt from the archive: ${releases} releases`);
  expect((await client.index(uid).getStats()).numberOfDocuments).toBe(releases);
}, 300_000);
