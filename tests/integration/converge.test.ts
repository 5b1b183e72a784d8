/**
 * Killed with SIGKILL during normalization, then during indexing, the ingest
 * path converges on the next run: the index holds exactly the archive's
 * current releases (ids and content hashes), nothing lost, nothing doubled.
 * Real child processes of `npm run import` against the run's Meilisearch;
 * the moment to kill is read from the archive file itself.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CliRun, meiliEnv, spawnCli } from '../helpers/cli.js';
import { readStateDept } from '../helpers/corpus.js';
import { deleteIndex, testClient, uniqueIndexUid } from '../helpers/meili.js';

const LINES = 400;
const client = testClient(30_000);
const uid = uniqueIndexUid('converge');
let dir: string;
let file: string;
let current: ChildProcess | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'converge-'));
  file = path.join(dir, 'releases.jsonl');
  const lines = readStateDept().slice(0, LINES);
  await writeFile(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
});

afterAll(async () => {
  if (current && current.exitCode === null && current.signalCode === null) current.kill('SIGKILL');
  await deleteIndex(client, uid).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

const archiveFile = () => path.join(dir, 'data', 'archive.db');

/** One count from the archive, read by another connection while the child writes. */
function count(sql: string): number {
  let db: Database.Database | undefined;
  try {
    db = new Database(archiveFile(), { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 2000');
    return (db.prepare(sql).get() as { n: number }).n;
  } catch {
    return 0; // not created yet, or not migrated yet
  } finally {
    db?.close();
  }
}

function startImport(): CliRun {
  const run = spawnCli('src/cli/import.ts', [file, '--source', 'us-state', '--batch-size', '50'], {
    ...meiliEnv(uid),
    DATA_DIR: path.join(dir, 'data'),
  });
  current = run.child;
  return run;
}

/** Kills the child with SIGKILL as soon as `midway()` holds; fails if it finished first. */
async function killWhen(run: CliRun, midway: () => boolean): Promise<void> {
  let exited = false;
  void run.done.then(() => {
    exited = true;
  });
  while (!exited) {
    if (midway()) {
      run.child.kill('SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const result = await run.done;
  expect(result.signal, `the import ended before it could be killed: ${result.stderr}`).toBe(
    'SIGKILL',
  );
}

const NORMALIZED =
  "SELECT COUNT(*) AS n FROM items WHERE normalized_hash = hash AND source = 'us-state'";
const INDEXED = 'SELECT COUNT(*) AS n FROM releases WHERE indexed_hash = content_hash';

it('converges after a kill during normalization and one during indexing', async () => {
  await killWhen(startImport(), () => {
    const normalized = count(NORMALIZED);
    return normalized > 0 && normalized < LINES;
  });
  const afterFirst = count(NORMALIZED);
  expect(afterFirst).toBeGreaterThan(0);
  expect(afterFirst).toBeLessThan(LINES);

  await killWhen(startImport(), () => {
    const indexed = count(INDEXED);
    return indexed > 0 && indexed < count('SELECT COUNT(*) AS n FROM releases');
  });
  // Indexing overlaps normalization, so items may still be pending too: both converge.
  const indexedAtKill = count(INDEXED);
  expect(indexedAtKill).toBeGreaterThan(0);
  expect(indexedAtKill).toBeLessThan(LINES);

  const last = await startImport().done;
  expect(last.code, last.stderr).toBe(0);

  const db = new Database(archiveFile(), { readonly: true });
  const archived = db
    .prepare(
      'SELECT id, content_hash AS hash FROM releases WHERE superseded_by IS NULL ORDER BY id',
    )
    .all() as { id: string; hash: string }[];
  const items = db.prepare('SELECT COUNT(*) AS n FROM items').get() as { n: number };
  const releases = db.prepare('SELECT COUNT(*) AS n FROM releases').get() as { n: number };
  db.close();
  expect(items.n).toBe(LINES);
  expect(releases.n).toBe(LINES); // one release per item: none lost, none made twice

  const indexed: { id: string; hash: string }[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await client.index(uid).getDocuments<{ id: string; contentHash: string }>({
      fields: ['id', 'contentHash'],
      limit: 1000,
      offset,
    });
    indexed.push(...page.results.map((d) => ({ id: d.id, hash: d.contentHash })));
    if (page.results.length < 1000) break;
  }
  indexed.sort((a, b) => (a.id < b.id ? -1 : 1));
  expect(indexed).toEqual(archived);
}, 600_000);
