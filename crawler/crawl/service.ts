/**
 * The crawl as part of `npm start`: the archive in DATA_DIR, the scheduler,
 * and a stop that waits for the crawl in progress (resumed at next start).
 */
import type { Meilisearch } from 'meilisearch';
import { openArchive } from '../../src/archive/archive.js';
import type { Config } from '../../src/config/env.js';
import type { SourcesResponse } from '../../src/domain/source-status.js';
import { rememberMinisters } from '../../src/entities/index.js';
import type { Logger } from '../../src/log.js';
import { SOURCES } from '../sources/index.js';
import { quietCrawlee } from './engine.js';
import { CrawlScheduler } from './scheduler.js';
import { crawlDefaultsFrom, originOverridesFrom } from './setup.js';

export interface CrawlService {
  status(): SourcesResponse;
  start(): void;
  /** Crawls now (all enabled sources, or those named) unless a crawl is running: then false. */
  runNow(only?: readonly string[]): boolean;
  stop(): Promise<void>;
}

export function createCrawlService(deps: {
  config: Config;
  logger: Logger;
  client: Meilisearch;
}): CrawlService {
  const { config, logger, client } = deps;
  quietCrawlee(config.LOG_LEVEL);
  const archive = openArchive(config.dataDir);
  // Names of ministers found in earlier crawls, for facet labels.
  rememberMinisters(archive.ministers.all());
  const scheduler = new CrawlScheduler({
    archive,
    sources: SOURCES,
    defaults: crawlDefaultsFrom(config),
    originOverrides: originOverridesFrom(config),
    intervalMs: config.CRAWL_INTERVAL,
    index: { client, uid: config.MEILI_INDEX },
    logger: logger.child({ component: 'crawl' }),
  });
  return {
    status: () => scheduler.status(),
    start: () => scheduler.start(),
    runNow: (only) => {
      if (scheduler.busy) return false;
      void scheduler.runNow(only);
      return true;
    },
    stop: async () => {
      await scheduler.stop();
      archive.close();
    },
  };
}
