/**
 * `npm run crawl` as a user runs it: help, usage errors, a crawl that indexes
 * into the run's Meilisearch with a summary table, and a non-zero exit code
 * when a source cannot be crawled at all.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../../src/meili/launcher.js';
import { createTestIndex, deleteIndex, testClient } from '../../helpers/meili.js';
import { type KzReplica, startKzMfaReplica } from '../../replicas/kz-mfa.js';

const root = path.resolve(import.meta.dirname, '../../..');
let dir: string;

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'crawler/cli.ts', ...args], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: path.join(dir, 'data'),
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
      CRAWL_DELAY_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'crawl-cli-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run crawl', () => {
  it('explains itself with --help', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    for (const flag of [
      '--source ID',
      '--lang LANG',
      '--since DATE',
      '--max-pages N',
      'cn-mfa',
      'kz-mfa',
      'us-state',
      'npm run sources -- list',
      'SOURCE_BASE_URL_',
    ]) {
      expect(stdout).toContain(flag);
    }
  });

  it('refuses bad arguments with exit code 2 and a message naming them', async () => {
    const [pages, source, lang, since] = await Promise.all([
      run(['--max-pages', '0']),
      run(['--source', 'xx-mfa']),
      run(['--source', 'us-state', '--lang', 'ru']),
      run(['--since', 'yesterday']),
    ]);
    expect(pages.code).toBe(2);
    expect(pages.stderr).toContain('--max-pages must be a whole number of at least 1, got "0"');
    expect(source.code).toBe(2);
    expect(source.stderr).toContain('Unknown source "xx-mfa"');
    expect(lang.code).toBe(2);
    expect(lang.stderr).toContain('--lang ru: not a language of us-state');
    expect(since.code).toBe(2);
    expect(since.stderr).toContain('--since must be a date YYYY-MM-DD, got "yesterday"');
  });

  describe('crawling', () => {
    let replica: KzReplica;
    const client = testClient();
    let uid: string;

    beforeAll(async () => {
      replica = await startKzMfaReplica();
      uid = await createTestIndex(client, 'crawl-cli');
    });

    afterAll(async () => {
      await replica.close();
      await deleteIndex(client, uid);
    });

    it('crawls, indexes and prints a summary table', async () => {
      const { code, stdout, stderr } = await run(['--source', 'kz-mfa', '--lang', 'en', '--json'], {
        SOURCE_BASE_URL_KZ_MFA: replica.baseUrl,
        MEILI_HOST: inject('meiliHost'),
        MEILI_MASTER_KEY: inject('meiliKey'),
        MEILI_INDEX: uid,
      });
      expect(code, stderr).toBe(0);
      expect(stderr).toMatch(/\| source\s+\| status\s+\| pages/);
      expect(stderr).toMatch(/\| kz-mfa\s+\| completed/);
      // The progress display: a line per source and phase (not a terminal here, so plain lines).
      expect(stderr).toMatch(/kz-mfa\s+crawling\s+pages/);
      expect(stderr).toMatch(
        /kz-mfa\s+done\s+pages\s+\d+\s+items \+\d+ ~0\s+releases \+\d+ ~0\s+errors 0/,
      );
      const report = JSON.parse(stdout);
      expect(report.sources[0].counts.itemsNew).toBe(replica.items.en.length);
      expect(report.index).toMatchObject({ pending: 0 });
      expect((await client.index(uid).getStats()).numberOfDocuments).toBe(report.index.indexed);
    });

    it('crawls a replica served by tests/replicas/serve.ts through the variable it prints', async () => {
      const help = await new Promise<string>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', 'tests/replicas/serve.ts', '--help'],
          {
            cwd: root,
            stdio: ['ignore', 'pipe', 'inherit'],
          },
        );
        let out = '';
        child.stdout.on('data', (c) => (out += c));
        child.once('exit', () => resolve(out));
      });
      expect(help).toContain('SOURCE_BASE_URL_CN_MFA=http://127.0.0.1:N npm run crawl');
      expect(help).not.toContain('SOURCE_BASE_URLS');

      const server = spawn(
        process.execPath,
        ['--import', 'tsx', 'tests/replicas/serve.ts', 'us-state'],
        {
          cwd: root,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      try {
        const line = await new Promise<string>((resolve, reject) => {
          server.stdout.once('data', (c) => resolve(String(c)));
          server.once('exit', (code) => reject(new Error(`serve.ts exited with ${code}`)));
        });
        const printed = JSON.parse(line) as { url: string; env: Record<string, string> };
        expect(printed.env).toEqual({ SOURCE_BASE_URL_US_STATE: printed.url });
        const { code, stdout, stderr } = await run(
          ['--source', 'us-state', '--no-index', '--json'],
          printed.env,
        );
        expect(code, stderr).toBe(0);
        const report = JSON.parse(stdout);
        expect(report.sources[0]).toMatchObject({ status: 'completed' });
        expect(report.sources[0].counts.itemsNew).toBeGreaterThan(0);
      } finally {
        server.kill('SIGTERM');
      }
    });

    it('exits non-zero when a source cannot be crawled at all, and says why', async () => {
      const port = await freePort();
      const { code, stderr } = await run(['--source', 'us-state', '--no-index'], {
        SOURCE_BASE_URL_US_STATE: `http://127.0.0.1:${port}`,
      });
      expect(code).toBe(1);
      expect(stderr).toMatch(/\| us-state\s+\| postponed/);
      expect(stderr).toContain('us-state errors: HOST_UNREACHABLE 1');
    });
  });
});
