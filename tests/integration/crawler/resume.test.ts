/**
 * A crawl killed with SIGKILL in the middle, then started again, continues
 * where it was: what was archived is not fetched again, nothing is missing
 * and nothing is duplicated. Real child processes of `npm run crawl`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { crawlCliArgs } from '../../helpers/crawl.js';
import { CN_EN_LISTING, itemUrlsOfListing, startCnMfaReplica } from '../../replicas/cn-mfa.js';
import type { Replica } from '../../replicas/server.js';

const root = path.resolve(import.meta.dirname, '../../..');
const KILL_AFTER_ITEMS = 25;
let dir: string;
let replica: Replica;
let child: ChildProcess | undefined;
let killed = false;
let itemRequests = 0;

const expected = [0, 1, 2].flatMap((page) =>
  itemUrlsOfListing(`${CN_EN_LISTING.slice(1)}${page === 0 ? 'default' : `default_${page}`}.shtml`),
);

function crawl(): Promise<{
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}> {
  const proc = spawn(process.execPath, crawlCliArgs('cn-mfa', 'en', 3), {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: path.join(dir, 'data'),
      SOURCE_BASE_URL_CN_MFA: replica.baseUrl,
      CRAWL_DELAY_MS: '0',
      CRAWL_CONCURRENCY: '2',
      // The killed crawl's lease runs out this soon after its last heartbeat.
      CRAWL_LEASE_TTL: '2s',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (chunk) => (stdout += chunk));
  proc.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'crawl-resume-'));
  replica = await startCnMfaReplica({
    onRequest: (entry) => {
      if (!/\/t\d+\.shtml$/.test(entry.path)) return;
      itemRequests++;
      if (!killed && itemRequests === KILL_AFTER_ITEMS && child) {
        killed = true;
        child.kill('SIGKILL');
      }
    },
  });
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await replica.close();
  await rm(dir, { recursive: true, force: true });
});

const itemPaths = (from: number, to = replica.log.length) =>
  replica.log
    .slice(from, to)
    .filter((r) => /\/t\d+\.shtml$/.test(r.path))
    .map((r) => `https://www.fmprc.gov.cn${r.path}`);

it('resumes a crawl killed with SIGKILL without losing or duplicating anything', async () => {
  const first = await crawl();
  expect(first.signal).toBe('SIGKILL');
  const killedAt = replica.log.length;

  const db = new Database(path.join(dir, 'data', 'archive.db'), { readonly: true });
  const before = (
    db.prepare("SELECT url FROM items WHERE state = 'fetched'").all() as { url: string }[]
  ).map((r) => r.url);
  const run = db.prepare('SELECT status FROM crawl_runs').get() as { status: string };
  db.close();
  expect(run.status).toBe('running');
  expect(before.length).toBeGreaterThan(0);
  expect(before.length).toBeLessThan(expected.length);

  const second = await crawl();
  expect(second.code, second.stderr).toBe(0);
  const report = JSON.parse(second.stdout) as {
    sources: { status: string; resumed: boolean; counts: { itemsNew: number } }[];
  };
  expect(report.sources[0]).toMatchObject({ status: 'completed', resumed: true });
  // The summary counts what both processes archived, each item once: nothing lost to the kill.
  expect(report.sources[0]!.counts.itemsNew).toBe(expected.length);

  // Nothing lost: every item of the three listing pages is archived, each once.
  const after = new Database(path.join(dir, 'data', 'archive.db'), { readonly: true });
  try {
    const items = after.prepare("SELECT url, state FROM items WHERE source = 'cn-mfa'").all() as {
      url: string;
      state: string;
    }[];
    expect(items.map((i) => i.url).sort()).toEqual([...expected].sort());
    expect(items.every((i) => i.state === 'fetched')).toBe(true);
    const duplicates = after
      .prepare('SELECT url, COUNT(*) AS n FROM responses GROUP BY url HAVING n > 1')
      .all();
    expect(duplicates).toEqual([]);
    const releases = after
      .prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT url) AS urls FROM releases')
      .get() as { n: number; urls: number };
    expect(releases.n).toBe(releases.urls);
    expect(releases.n).toBe(expected.length);
    expect(after.prepare('SELECT status FROM crawl_runs').all()).toEqual([{ status: 'completed' }]);
  } finally {
    after.close();
  }

  // Continued where it was: what was archived before the kill was not fetched again, except
  // what was in flight when the kill came (at most the concurrency, 2).
  const refetched = itemPaths(killedAt).filter((url) => before.includes(url));
  expect(refetched.length).toBeLessThanOrEqual(2);
  const counts = new Map<string, number>();
  for (const url of itemPaths(0)) counts.set(url, (counts.get(url) ?? 0) + 1);
  expect([...counts.values()].filter((n) => n > 1).length).toBeLessThanOrEqual(2);
  expect(counts.size).toBe(expected.length);
}, 120_000);
