/**
 * The supervisor against a real Meilisearch that this file starts and kills
 * (by its own PID only): exits are logged with the signal, the engine is
 * restarted, a crash loop is reported as such, /api/ready says why it is
 * not ready, and failed requests while it is down are counted, not logged
 * one by one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { createMeiliClient } from '../../src/meili/client.js';
import type { EmbeddedMeili } from '../../src/meili/launcher.js';
import { type EngineState, MeiliSupervisor } from '../../src/meili/supervisor.js';
import { SearchService } from '../../src/search/service.js';
import { getJson, listen, type RunningServer } from '../helpers/http.js';
import { memoryLogger } from '../helpers/log.js';
import { type OwnMeili, startOwnMeili } from '../helpers/meili.js';
import { isAlive } from '../helpers/process.js';

const INDEX = 'supervised';
let own: OwnMeili;
let meili: EmbeddedMeili;
let search: SearchService;

beforeAll(async () => {
  own = await startOwnMeili('supervisor', INDEX);
  meili = own.meili;
  search = new SearchService(
    createMeiliClient({ host: own.host, apiKey: own.key, timeoutMs: 1000 }),
    INDEX,
  );
});

afterAll(async () => {
  await own?.close();
});

function supervise(options: Partial<ConstructorParameters<typeof MeiliSupervisor>[0]> = {}) {
  const { logger, lines } = memoryLogger();
  const supervisor = new MeiliSupervisor({
    embedded: meili,
    probe: () => search.healthy(),
    logger,
    restartDelayMs: 20,
    maxRestartDelayMs: 200,
    healthIntervalMs: 100,
    ...options,
  });
  supervisor.start();
  return { supervisor, lines };
}

async function until(supervisor: MeiliSupervisor, state: EngineState): Promise<void> {
  for (let i = 0; i < 400 && supervisor.status().state !== state; i++)
    await new Promise((resolve) => setTimeout(resolve, 25));
  expect(supervisor.status().state).toBe(state);
}

async function leave(supervisor: MeiliSupervisor, state: EngineState): Promise<void> {
  for (let i = 0; i < 400 && supervisor.status().state === state; i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  expect(supervisor.status().state).not.toBe(state);
}

/** SIGKILL to the Meilisearch this file started, as an OOM killer would; waits until it is noticed. */
async function killEngine(supervisor: MeiliSupervisor): Promise<number> {
  const pid = supervisor.status().pid;
  expect(pid).toBe(meili.pid);
  process.kill(pid as number, 'SIGKILL');
  await leave(supervisor, 'up');
  return pid as number;
}

/** Stops a test's supervisor (and with it the engine), then starts the engine for the next. */
async function release(supervisor: MeiliSupervisor): Promise<void> {
  meili.resume();
  await supervisor.stop();
  await meili.start();
}

describe('an embedded Meilisearch killed with SIGKILL', () => {
  it('is logged with its signal, restarted, and serves the same index again', async () => {
    const { supervisor, lines } = supervise();
    const killed = await killEngine(supervisor);
    await until(supervisor, 'up');
    expect(isAlive(killed)).toBe(false);
    const status = supervisor.status();
    expect(status.pid).not.toBe(killed);
    expect(status.restarts).toBe(1);
    expect(status.lastExit).toMatchObject({ signal: 'SIGKILL', code: null });
    const exitLine = lines.find((l) => /exited on its own/.test(l.msg));
    expect(exitLine).toMatchObject({ level: 50, signal: 'SIGKILL', meiliPid: killed });
    expect(lines.some((l) => /answers again/.test(l.msg))).toBe(true);
    expect(await search.count()).toBe(1);
    await release(supervisor);
  });

  it('counts the requests that fail while it is down and logs the change once', async () => {
    const { supervisor, lines } = supervise({ restartDelayMs: 1500, maxRestartDelayMs: 1500 });
    const server: RunningServer = await listen(
      createApp({
        search,
        settingsApplied: () => true,
        engine: supervisor,
        logger: memoryLogger().logger,
      }),
    );
    try {
      await killEngine(supervisor);
      await until(supervisor, 'restarting');
      const before = lines.length;
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => getJson(`${server.baseUrl}/api/search?q=energy`)),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(503));
      expect(answers[0]?.body.error.code).toBe('SEARCH_UNAVAILABLE');
      // Not one line per failed request.
      expect(lines.length).toBe(before);
      const ready = await getJson(`${server.baseUrl}/api/ready`);
      expect(ready.status).toBe(503);
      expect(ready.body.engine.state).toBe('restarting');
      expect(ready.body.reason).toMatch(/exited with signal SIGKILL/);
      expect(supervisor.status().unavailableRequests).toBe(20);
      await until(supervisor, 'up');
      expect(lines.find((l) => /answers again/.test(l.msg))?.failedRequests).toBe(20);
      const health = await getJson(`${server.baseUrl}/api/health`);
      expect(health.status).toBe(200);
    } finally {
      await server.close();
      await release(supervisor);
    }
  });

  it('reports a crash loop in the log and at /api/ready, and keeps restarting', async () => {
    const { supervisor, lines } = supervise({
      crashLoopRestarts: 3,
      crashLoopWindowMs: 60_000,
      maxRestartDelayMs: 800,
    });
    const server = await listen(
      createApp({ search, settingsApplied: () => true, engine: supervisor }),
    );
    try {
      for (let i = 0; i < 3; i++) {
        await killEngine(supervisor);
        await until(supervisor, 'up');
      }
      await killEngine(supervisor);
      await until(supervisor, 'crash_loop');
      const loop = lines.find((l) => l.state === 'crash_loop');
      expect(loop?.level).toBe(50);
      expect(loop?.msg).toMatch(
        /crash loop \(3 restarts in 60 s; Meilisearch exited with signal SIGKILL\)/,
      );
      const ready = await getJson(`${server.baseUrl}/api/ready`);
      expect(ready.status).toBe(503);
      expect(ready.body.engine).toMatchObject({ state: 'crash_loop', recentRestarts: 3 });
      expect(ready.body.reason).toMatch(/^crash loop/);
      await until(supervisor, 'up');
      expect(supervisor.status().restarts).toBe(4);
      expect((await getJson(`${server.baseUrl}/api/ready`)).status).toBe(200);
    } finally {
      await server.close();
      await release(supervisor);
    }
  });
});

describe('a Meilisearch that stops answering (external, or hung)', () => {
  it('is marked down by the first failed request, then up by its health check', async () => {
    const { logger, lines } = memoryLogger();
    // No process to restart: as with MEILI_HOST.
    const supervisor = new MeiliSupervisor({
      probe: () => search.healthy(),
      logger,
      healthIntervalMs: 200,
    });
    supervisor.start();
    const server = await listen(
      createApp({ search, settingsApplied: () => true, engine: supervisor }),
    );
    try {
      meili.pause();
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          getJson(`${server.baseUrl}/api/releases/${'a'.repeat(32)}`),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(5).fill(503));
      expect(supervisor.status().state).toBe('down');
      expect(lines.filter((l) => l.level >= 40)).toHaveLength(1);
      expect(lines[0]?.msg).toMatch(/does not answer/);
      meili.resume();
      await until(supervisor, 'up');
      expect(lines.at(-1)).toMatchObject({ state: 'up', failedRequests: 5 });
    } finally {
      await server.close();
      await release(supervisor);
    }
  });
});
