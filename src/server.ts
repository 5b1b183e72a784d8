/**
 * `npm start`: Meilisearch (embedded or external), index settings, the API,
 * and a first import of real data when the index is empty. The only listen().
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { createCrawlService } from '../crawler/crawl/service.js';
import { boot } from './boot.js';
import { ConfigError } from './config/env.js';
import { createApp } from './http/app.js';
import { loadWidget } from './http/widget-bundle.js';
import { importJsonLines } from './ingest/jsonl.js';
import { meiliErrorMessage } from './meili/client.js';
import { SearchService } from './search/service.js';
import { PROJECT_ROOT, VERSION } from './version.js';

async function main(): Promise<void> {
  // Built before Meilisearch starts, so a broken widget build leaves nothing running.
  const widget = await loadWidget();
  const booted = await boot();
  const { config, logger, client } = booted;
  const search = new SearchService(client, config.MEILI_INDEX);
  const crawl = createCrawlService(booted);
  logger.info(
    {
      hash: widget.hash,
      bytes: widget.code.length,
      gzip: widget.gzip.length,
      brotli: widget.brotli.length,
    },
    `widget ready: ${(widget.gzip.length / 1024).toFixed(1)} KB gzipped`,
  );
  const app = createApp({
    search,
    settingsApplied: () => true,
    logger,
    version: VERSION,
    sources: () => crawl.status(),
    widget,
    widgetOrigins: config.WIDGET_ORIGINS,
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info(
    { url: `http://${config.HOST}:${port}/` },
    `serving search on http://${config.HOST}:${port}/`,
  );

  const seeding = seedIfEmpty(booted, search).catch((error: unknown) =>
    logger.error({ err: error }, 'seed import failed; the service keeps serving what it has'),
  );
  crawl.start();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const forced = setTimeout(() => {
      logger.warn('connections did not close in 10 s; closing them');
      server.closeAllConnections();
    }, 10_000);
    forced.unref();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await seeding;
    await crawl.stop();
    await booted.shutdown();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** A fresh install has an empty index: fill it from SEED_FILE so search works at once. */
async function seedIfEmpty(booted: Awaited<ReturnType<typeof boot>>, search: SearchService) {
  const { config, logger, client } = booted;
  if (config.SEED_FILE === 'off') return;
  const file = path.resolve(PROJECT_ROOT, config.SEED_FILE);
  if ((await search.count()) > 0) return;
  if (!existsSync(file)) {
    logger.warn(
      { file },
      'the index is empty and SEED_FILE does not exist; run "npm run import -- FILE" to add releases',
    );
    return;
  }
  logger.info({ file }, 'the index is empty: importing the seed file');
  const report = await importJsonLines(file, {
    client,
    indexUid: config.MEILI_INDEX,
    defaults: { source: config.SEED_SOURCE },
    onProgress: (p) =>
      logger.info({ processed: p.processed, added: p.added }, 'seed import progress'),
  });
  logger.info(
    {
      added: report.added,
      updated: report.updated,
      unchanged: report.unchanged,
      bad: report.bad.length,
    },
    'seed import finished',
  );
}

main().catch((error: unknown) => {
  const message = meiliErrorMessage(error);
  const code = (error as { code?: string }).code;
  process.stderr.write(
    `\npress-release search could not start${code ? ` [${code}]` : ''}:\n${message}\n`,
  );
  process.exit(error instanceof ConfigError ? 2 : 1);
});
