/**
 * `npm start` stopped the way a process manager stops it: SIGTERM to one
 * PID (the one the server prints, or npm's own), nothing else. Afterwards
 * nothing of it is left running or listening — not npm, not node, not the
 * embedded Meilisearch — even with a crawl in progress against a site that
 * never answers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasEnded } from '../helpers/process.js';
import { startServerProcess } from '../helpers/server-process.js';

let dir: string;
let hanging: Server;
let hangingUrl: string;
const sockets = new Set<Socket>();

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'signals-'));
  // A site that accepts connections and never answers: the crawl stays in flight.
  hanging = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  const address = hanging.address();
  hangingUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => hanging.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

/** Every process descending from `root`, read from /proc. */
function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: the fields after it start at the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    for (const [child, parent] of parents) {
      if (parent === pid && !found.includes(child)) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return false;
  } catch (error) {
    return /ECONNREFUSED/.test(String((error as Error & { cause?: unknown }).cause));
  }
}

async function startNpm(name: string) {
  return startServerProcess(
    {
      DATA_DIR: path.join(dir, name),
      MEILI_HOST: '',
      SEED_FILE: 'off',
      CRAWL_INTERVAL: '1h',
      CRAWL_DELAY_MS: '0',
      SOURCE_BASE_URL_KZ_MFA: hangingUrl,
      SOURCE_BASE_URL_CN_MFA: hangingUrl,
      SOURCE_BASE_URL_US_STATE: hangingUrl,
      SHUTDOWN_GRACE: '8s',
    },
    { via: 'npm' },
  );
}

describe.each([
  ['the PID it prints', 'printed'],
  ["npm's own PID", 'npm'],
] as const)('SIGTERM to %s', (_label, target) => {
  it('stops the API, the crawl and Meilisearch, and leaves nothing running or listening', async () => {
    const server = await startNpm(target);
    try {
      const npmPid = server.child.pid as number;
      const ready = await fetch(`${server.baseUrl}/api/ready`);
      expect(ready.status).toBe(200);
      const engine = ((await ready.json()) as { engine: { pid: number } }).engine;
      // Wait until the crawl is in flight (its first request has reached the hanging site).
      for (let i = 0; i < 200 && sockets.size === 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 25));
      expect(sockets.size).toBeGreaterThan(0);
      const tree = descendants(npmPid);
      expect(tree).toContain(server.pid);
      expect(tree).toContain(engine.pid);
      const meiliUrl = String(
        server.lines.find((l) => l.msg === 'Meilisearch is ready')?.host ?? '',
      );
      expect(meiliUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      const exited = new Promise<number | null>((resolve) =>
        server.child.once('exit', (code) => resolve(code)),
      );
      process.kill(target === 'npm' ? npmPid : server.pid, 'SIGTERM');
      const code = await exited;
      expect(code, server.lines.map((l) => JSON.stringify(l)).join('\n')).toBe(0);

      for (const pid of [npmPid, ...tree]) expect(hasEnded(pid), `pid ${pid}`).toBe(true);
      expect(await refused(`${server.baseUrl}/api/health`)).toBe(true);
      expect(await refused(`${meiliUrl}/health`)).toBe(true);
      const messages = server.lines.map((l) => l.msg);
      expect(messages).toContain('Meilisearch stopped');
      expect(messages).toContain('stopped');
      expect(messages.some((m) => /longer than SHUTDOWN_GRACE/.test(String(m)))).toBe(false);
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
  });
});
