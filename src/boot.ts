/**
 * What every entry point (server, import, crawl) needs first: configuration,
 * a logger, a reachable Meilisearch and the index with its settings.
 */
import type { Meilisearch } from 'meilisearch';
import { useSourcesDir } from '../crawler/sources/index.js';
import { openArchive } from './archive/archive.js';
import { type Config, loadConfig } from './config/env.js';
import { ensureIndexCurrent } from './indexing/rebuild.js';
import { createLogger, type Logger } from './log.js';
import { createMeiliClient } from './meili/client.js';
import { type StartedMeili, startMeili } from './meili/launcher.js';

export interface Booted {
  config: Config;
  logger: Logger;
  meili: StartedMeili;
  client: Meilisearch;
  /** Stops what boot started (the embedded Meilisearch, if any). */
  shutdown: () => Promise<void>;
}

export async function boot(
  options: { logger?: Logger; env?: NodeJS.ProcessEnv } = {},
): Promise<Booted> {
  const config = loadConfig(options.env);
  useSourcesDir(config.SOURCES_DIR);
  const logger =
    options.logger ?? createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const meili = await startMeili({ ...config, logger });
  const client = createMeiliClient({
    host: meili.host,
    apiKey: meili.apiKey,
    timeoutMs: config.MEILI_TIMEOUT_MS,
  });
  const shutdown = async () => {
    await meili.embedded?.stop();
  };
  try {
    await waitForMeili(client, config.MEILI_STARTUP_TIMEOUT_MS, logger);
    // Settings are brought up to date in place; an index of an older document
    // shape is rebuilt from the archive and swapped in (search stays up).
    const archive = openArchive(config.dataDir);
    try {
      await ensureIndexCurrent(archive, client, config.MEILI_INDEX, {
        logger,
        onProgress: (p) =>
          logger.info(
            { phase: p.phase, indexed: p.indexed, total: p.total },
            'rebuilding the index',
          ),
      });
    } finally {
      archive.close();
    }
  } catch (error) {
    await shutdown();
    throw error;
  }
  return { config, logger, meili, client, shutdown };
}

/** An external server may still be starting (docker compose): wait for it, within limits. */
async function waitForMeili(client: Meilisearch, timeoutMs: number, logger: Logger): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let warned = false;
  for (;;) {
    try {
      await client.health();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(
          `Meilisearch at ${client.config.host} did not answer within ${timeoutMs} ms (${(error as Error).message}). Check MEILI_HOST, or unset it to use the embedded server.`,
        );
      }
      if (!warned) logger.warn({ host: client.config.host }, 'waiting for Meilisearch to answer');
      warned = true;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
