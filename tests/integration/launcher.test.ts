/** The embedded Meilisearch launcher against real processes and files. */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { chmod, copyFile, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  EmbeddedMeili,
  loadOrCreateMasterKey,
  MeiliBinaryNotFoundError,
  MeiliStartError,
  resolveMeiliBinary,
  startMeili,
} from '../../src/meili/launcher.js';
import { hasEnded, isAlive } from '../helpers/process.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'launcher-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function script(name: string, body: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

describe('master key', () => {
  it('is generated once, kept with mode 0600, and reused', async () => {
    const file = path.join(dir, 'keys', 'meili.key');
    const first = await loadOrCreateMasterKey(file);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateMasterKey(file)).toBe(first);
  });

  it('tightens a key file that others can read', async () => {
    const file = path.join(dir, 'open.key');
    await writeFile(file, 'k'.repeat(40), { mode: 0o644 });
    await chmod(file, 0o644);
    expect(await loadOrCreateMasterKey(file)).toBe('k'.repeat(40));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});

describe('binary resolution', () => {
  it('explains how to get Meilisearch when there is no binary and no host', async () => {
    const attempt = resolveMeiliBinary({
      explicit: path.join(dir, 'missing-meilisearch'),
      dataDir: dir,
      packageBinary: () => undefined,
      pathEnv: '',
    });
    await expect(attempt).rejects.toBeInstanceOf(MeiliBinaryNotFoundError);
    await expect(attempt).rejects.toThrow(/MEILI_HOST/);
    await expect(attempt).rejects.toThrow(/MEILI_BINARY/);
    await expect(attempt).rejects.toThrow(/docker compose/);
  });

  it('makes a binary without the execute bit executable', async () => {
    const copy = path.join(dir, 'meili-copy');
    await copyFile(inject('meiliBinary'), copy);
    await chmod(copy, 0o644);
    const resolved = await resolveMeiliBinary({ explicit: copy, dataDir: dir });
    expect(resolved).toBe(copy);
    expect((await stat(copy)).mode & 0o111).not.toBe(0);
  });

  it('finds meilisearch on PATH when nothing else is there', async () => {
    const binDir = path.join(dir, 'bin-on-path');
    await mkdir(binDir);
    await writeFile(path.join(binDir, 'meilisearch'), '#!/bin/sh\ntrue\n', { mode: 0o755 });
    const resolved = await resolveMeiliBinary({
      dataDir: dir,
      packageBinary: () => undefined,
      pathEnv: binDir,
    });
    expect(resolved).toBe(path.join(binDir, 'meilisearch'));
  });
});

describe('process control', () => {
  it('reports a server that exits during start-up, with its output', async () => {
    const binary = await script('crashing', 'echo "bad flag" >&2; exit 3');
    const meili = new EmbeddedMeili({
      binary,
      dataDir: path.join(dir, 'crash-data'),
      masterKey: 'x'.repeat(16),
    });
    const attempt = meili.start();
    await expect(attempt).rejects.toBeInstanceOf(MeiliStartError);
    await expect(attempt).rejects.toThrow(/exited during start-up[\s\S]*bad flag/);
  });

  it('gives up on a server that never becomes healthy, and kills it', async () => {
    const binary = await script('silent', 'exec sleep 60');
    const meili = new EmbeddedMeili({
      binary,
      dataDir: path.join(dir, 'silent-data'),
      masterKey: 'x'.repeat(16),
      startupTimeoutMs: 1500,
      stopGraceMs: 500,
    });
    await expect(meili.start()).rejects.toThrow(/did not become healthy/);
    expect(meili.running).toBe(false);
  });

  it('sends SIGKILL when SIGTERM is ignored', async () => {
    const binary = inject('meiliBinary');
    const meili = new EmbeddedMeili({
      binary,
      dataDir: path.join(dir, 'stubborn'),
      masterKey: randomBytes(16).toString('hex'),
      stopGraceMs: 300,
    });
    await meili.start();
    const pid = meili.pid!;
    meili.pause(); // a stopped process cannot act on SIGTERM
    await meili.stop();
    expect(isAlive(pid)).toBe(false);
  });

  it('starts a real Meilisearch, answers /health, stops cleanly', async () => {
    const meili = new EmbeddedMeili({
      binary: inject('meiliBinary'),
      dataDir: path.join(dir, 'real'),
      masterKey: randomBytes(16).toString('hex'),
    });
    const host = await meili.start();
    expect(host).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${host}/health`);
    expect(await health.json()).toEqual({ status: 'available' });
    const unauthorized = await fetch(`${host}/indexes`);
    expect(unauthorized.status).toBe(401);
    const pid = meili.pid!;
    await meili.stop();
    expect(isAlive(pid)).toBe(false);
  });
});

describe('a server left behind', () => {
  it('is taken over when the process that started it was killed with SIGKILL', async () => {
    const dataDir = path.join(dir, 'orphan');
    const launcher = fileURLToPath(new URL('../../src/meili/launcher.ts', import.meta.url));
    const owner = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { startMeili } = await import(${JSON.stringify(launcher)});
         const m = await startMeili({ dataDir: ${JSON.stringify(dataDir)}, MEILI_BINARY: ${JSON.stringify(inject('meiliBinary'))} });
         console.log(JSON.stringify({ pid: m.embedded.pid, host: m.host }));
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [line] = (await once(createInterface({ input: owner.stdout! }), 'line')) as [string];
    const orphan = JSON.parse(line) as { pid: number; host: string };
    owner.kill('SIGKILL');
    await once(owner, 'exit');
    // Nothing could stop it: it still answers, with nobody watching it.
    expect(isAlive(orphan.pid)).toBe(true);
    expect((await fetch(`${orphan.host}/health`)).ok).toBe(true);

    const started = await startMeili({ dataDir, MEILI_BINARY: inject('meiliBinary') });
    try {
      // This process now runs (and so supervises) the server; the orphan is gone.
      expect(started.embedded?.pid).toBeDefined();
      expect(started.embedded?.pid).not.toBe(orphan.pid);
      expect(hasEnded(orphan.pid)).toBe(true);
      expect((await fetch(`${started.host}/health`)).ok).toBe(true);
    } finally {
      await started.embedded?.stop();
    }
  }, 60_000);
});
