/**
 * The whole service in-process (what `npm start` assembles), over the run's
 * shared Meilisearch with the test's own index and DATA_DIR, served by the
 * real HTTP server on 127.0.0.1:0.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { assemble, type Service } from '../../src/assemble.js';
import { loadConfig } from '../../src/config/env.js';
import { closeGracefully, createHttpServer, listenOn } from '../../src/http/listen.js';
import { memoryLogger } from './log.js';
import { createTestIndex, deleteIndex, testClient } from './meili.js';

export interface TestService extends Service {
  baseUrl: string;
  server: Server;
  dataDir: string;
  log: ReturnType<typeof memoryLogger>['lines'];
  close: () => Promise<void>;
}

export async function startTestService(
  prefix: string,
  env: Record<string, string> = {},
): Promise<TestService> {
  const client = testClient();
  const uid = await createTestIndex(client, prefix);
  const dataDir = await mkdtemp(path.join(tmpdir(), `${prefix}-`));
  const config = loadConfig({
    DATA_DIR: dataDir,
    MEILI_HOST: inject('meiliHost'),
    MEILI_MASTER_KEY: inject('meiliKey'),
    MEILI_INDEX: uid,
    CRAWL_INTERVAL: 'off',
    CRAWL_DELAY_MS: '0',
    SEED_FILE: 'off',
    ...env,
  });
  const { logger, lines } = memoryLogger();
  const service = assemble(
    { config, logger, client, meili: { host: inject('meiliHost'), apiKey: inject('meiliKey') } },
    { processMetrics: false },
  );
  service.supervisor.start();
  const server = createHttpServer(service.app, {
    maxHeaderBytes: config.MAX_HEADER_BYTES,
    onClientError: (code) => service.metrics.clientRefused(code),
  });
  const port = await listenOn(server, 0, '127.0.0.1');
  return {
    ...service,
    baseUrl: `http://127.0.0.1:${port}`,
    server,
    dataDir,
    log: lines,
    close: async () => {
      await closeGracefully(server, 1000);
      await service.crawl.stop();
      await service.indexSync.idle();
      await service.supervisor.stop();
      service.archive.close();
      await deleteIndex(client, uid);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
