/**
 * The running service put together from what boot() gives: the engine's
 * supervisor, the crawl, the archive → index sync, metrics, the admin API
 * and the Express app. `npm start` listens with it; tests build the same
 * service in-process. Nothing here listens or handles signals.
 */
import { type CrawlService, createCrawlService } from '../crawler/crawl/service.js';
import { SOURCES } from '../crawler/sources/index.js';
import { type Archive, openArchive } from './archive/archive.js';
import type { Booted } from './boot.js';
import { createApp } from './http/app.js';
import { Metrics } from './http/metrics.js';
import type { WidgetBundle } from './http/widget-bundle.js';
import { rebuildIndex } from './indexing/rebuild.js';
import { MeiliSupervisor } from './meili/supervisor.js';
import { createAdminService } from './ops/admin.js';
import { archiveFigures } from './ops/archive-figures.js';
import { IndexSyncRunner, resumeIndexingOnRecovery } from './ops/index-sync.js';
import { SearchService } from './search/service.js';
import { VERSION } from './version.js';

export interface Service {
  app: ReturnType<typeof createApp>;
  search: SearchService;
  supervisor: MeiliSupervisor;
  crawl: CrawlService;
  archive: Archive;
  indexSync: IndexSyncRunner;
  metrics: Metrics;
}

export function assemble(
  booted: Pick<Booted, 'config' | 'logger' | 'client' | 'meili'>,
  options: { processMetrics?: boolean; widget?: WidgetBundle } = {},
): Service {
  const { config, logger, client } = booted;
  const search = new SearchService(client, config.MEILI_INDEX, {
    sources: SOURCES.map((source) => source.id),
  });
  const supervisor = new MeiliSupervisor({
    embedded: booted.meili.embedded,
    probe: () => search.healthy(),
    logger,
    restartDelayMs: config.MEILI_RESTART_DELAY,
    maxRestartDelayMs: config.MEILI_RESTART_MAX_DELAY,
    crashLoopRestarts: config.MEILI_CRASH_LOOP_RESTARTS,
    crashLoopWindowMs: config.MEILI_CRASH_LOOP_WINDOW,
    healthIntervalMs: config.MEILI_HEALTH_INTERVAL,
  });
  const crawl = createCrawlService(booted);
  const archive = openArchive(config.dataDir);
  const indexSync = new IndexSyncRunner(archive, client, config.MEILI_INDEX, { logger });
  resumeIndexingOnRecovery(supervisor, indexSync);
  const metrics = new Metrics({ defaultMetrics: options.processMetrics ?? true });
  metrics.observe({
    engine: () => supervisor.status(),
    archive: () => archiveFigures(archive),
    indexed: () => search.count(),
  });
  const admin = createAdminService({
    archive,
    sources: SOURCES,
    crawl,
    // A fresh index built from the archive and swapped in; syncs under way finish first.
    reindex: async () => {
      await indexSync.idle();
      return rebuildIndex(archive, client, config.MEILI_INDEX, { logger });
    },
    engine: supervisor,
    indexed: () => search.count(),
    logger,
  });
  const app = createApp({
    search,
    settingsApplied: () => true,
    logger,
    version: VERSION,
    sources: () => crawl.status(),
    engine: supervisor,
    metrics,
    rateLimit: { max: config.RATE_LIMIT_MAX, windowMs: config.RATE_LIMIT_WINDOW },
    trustProxy: config.TRUST_PROXY,
    admin: { token: config.ADMIN_TOKEN, service: admin },
    ...(options.widget ? { widget: options.widget } : {}),
    widgetOrigins: config.WIDGET_ORIGINS,
  });
  return { app, search, supervisor, crawl, archive, indexSync, metrics };
}
