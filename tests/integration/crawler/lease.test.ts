/**
 * The lease on a source (issue 7, item 8): it expires unless its crawl
 * renews it on a heartbeat. A crawl killed with SIGKILL whose parent has not
 * reaped it — a zombie, which `kill(pid, 0)` calls alive — no longer keeps
 * the next crawl out; a live crawl does.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Archive } from '../../../src/archive/archive.js';
import { CrawlHarness, crawlCliArgs } from '../../helpers/crawl.js';
import { startCnMfaReplica } from '../../replicas/cn-mfa.js';
import { HOSTILE_SOURCE, startHostileSite } from '../../replicas/hostile.js';
import type { Replica } from '../../replicas/server.js';

const root = path.resolve(import.meta.dirname, '../../..');
const cleanups: (() => Promise<void> | void)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The state letter of a process in /proc (Z = zombie), or undefined when it is gone. */
function processState(pid: number): string | undefined {
  try {
    return /\)\s+(\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

function crawlEnv(dir: string, replica: Replica): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATA_DIR: path.join(dir, 'data'),
    SOURCE_BASE_URL_CN_MFA: replica.baseUrl,
    CRAWL_DELAY_MS: '0',
    CRAWL_LEASE_TTL: '2s',
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'warn',
  };
}

const CRAWL_ARGS = crawlCliArgs('cn-mfa', 'en', 2);

describe('a crawl killed and left a zombie', () => {
  it('does not keep the next crawl out: its lease runs out and the crawl resumes', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'crawl-lease-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    let crawlPid: number | undefined;
    let items = 0;
    let killed = false;
    const replica = await startCnMfaReplica({
      onRequest: (entry) => {
        if (!/\/t\d+\.shtml$/.test(entry.path) || killed || crawlPid === undefined) return;
        if (++items === 10) {
          killed = true;
          process.kill(crawlPid, 'SIGKILL');
        }
      },
    });
    cleanups.push(() => replica.close());
    // The shell starts the crawl in the background, prints its pid, and becomes `sleep`, which
    // never waits for children: the killed crawl stays a zombie, as under a careless supervisor.
    const node = JSON.stringify(process.execPath);
    const parent: ChildProcess = spawn(
      'sh',
      ['-c', `${node} ${CRAWL_ARGS.join(' ')} >/dev/null 2>&1 & echo $!; exec sleep 120`],
      { cwd: root, env: crawlEnv(dir, replica), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    cleanups.push(() => {
      if (parent.exitCode === null) parent.kill('SIGKILL');
    });
    crawlPid = Number(
      await new Promise<string>((resolve) =>
        parent.stdout!.once('data', (c) => resolve(String(c))),
      ),
    );
    for (let i = 0; i < 600 && processState(crawlPid) !== 'Z'; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(processState(crawlPid), 'the killed crawl is a zombie').toBe('Z');

    const next = spawn(process.execPath, CRAWL_ARGS, {
      cwd: root,
      env: crawlEnv(dir, replica),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    next.stdout.on('data', (c) => (stdout += c));
    next.stderr.on('data', (c) => (stderr += c));
    const code = await new Promise<number | null>((resolve) => next.once('exit', resolve));
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as { sources: { status: string; resumed: boolean }[] };
    expect(report.sources[0]).toMatchObject({ status: 'completed', resumed: true });
    expect(processState(crawlPid)).toBe('Z');
  }, 120_000);
});

describe('a crawl that is alive', () => {
  it('keeps its lease by renewing it: a second crawl of the same source is busy', async () => {
    const site = await startHostileSite({ crawlDelaySec: 0.3, pages: 2, perPage: 4 });
    const harness = await CrawlHarness.create();
    const second = new Archive(harness.archive.file);
    cleanups.push(async () => {
      second.close();
      await site.close();
      await harness.close();
    });
    const defaults = { delayMs: 0, leaseTtlMs: 600 };
    const first = harness.crawl({ sources: [HOSTILE_SOURCE], overrides: site.overrides, defaults });
    // Let the first crawl take its lease and get going.
    while (!site.log.some((r) => r.path === '/press/')) await new Promise((r) => setTimeout(r, 20));
    const busy = await harness.crawl({
      sources: [HOSTILE_SOURCE],
      overrides: site.overrides,
      defaults,
      archive: second,
    });
    expect(busy.sources[0]).toMatchObject({ status: 'busy' });
    expect(busy.sources[0]!.message).toMatch(/already being crawled by process \d+/);
    const done = await first;
    expect(done.sources[0]).toMatchObject({ status: 'completed' });
    expect(done.sources[0]!.counts.itemsNew).toBe(8);
    // Once it is done, the lease is released at once.
    expect(second.leases.holder(HOSTILE_SOURCE.id)).toBeUndefined();
  }, 60_000);
});
