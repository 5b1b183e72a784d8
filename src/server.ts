/**
 * `npm start`: Meilisearch (embedded or external), index settings, the API,
 * and a first import of real data when the index is empty. The only listen().
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { MANIFEST_FILE, SavedSite } from '../crawler/crawl/saved-site.js';
import { createCrawlService } from '../crawler/crawl/service.js';
import { SourceFileError, sourceById } from '../crawler/sources/index.js';
import { type Archive, openArchive } from './archive/archive.js';
import { boot } from './boot.js';
import { ConfigError } from './config/env.js';
import { createApp } from './http/app.js';
import { loadWidget } from './http/widget-bundle.js';
import { importJsonLines } from './ingest/jsonl.js';
import { type SeedSite, seedFiles, seedSites } from './ingest/seed.js';
import { importSavedSite } from './ingest/site.js';
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

/** A fresh install has an empty index: fill it from the seed files so search works at once. */
async function seedIfEmpty(booted: Awaited<ReturnType<typeof boot>>, search: SearchService) {
  const { config, logger, client } = booted;
  const files = seedFiles(config, PROJECT_ROOT);
  const sites = seedSites(config, PROJECT_ROOT);
  if (files.length + sites.length === 0 || (await search.count()) > 0) return;
  const archive = openArchive(config.dataDir);
  try {
    for (const seed of files) {
      if (!existsSync(seed.file)) {
        logger.warn(
          { file: seed.file },
          'the index is empty and this seed file does not exist; run "npm run import -- FILE" to add releases',
        );
        continue;
      }
      logger.info(
        { file: seed.file, source: seed.source },
        'the index is empty: importing the seed',
      );
      const report = await importJsonLines(seed.file, {
        archive,
        client,
        indexUid: config.MEILI_INDEX,
        defaults: { source: seed.source, lang: seed.lang },
        logger,
        onBadLine: (bad) =>
          logger.warn({ file: seed.file, line: bad.line, code: bad.code }, `seed: ${bad.reason}`),
      });
      logger.info(
        {
          file: seed.file,
          lines: report.lines,
          releases: report.releases.releasesNew + report.releases.releasesUpdated,
          added: report.added,
          refused: report.index.refused,
          bad: report.bad.length,
          pending: report.index.pending,
        },
        'seed import finished',
      );
    }
    for (const seed of sites) await seedSite(seed, archive, booted);
  } finally {
    archive.close();
  }
}

/** A saved site of the seed, through its source's rules (as `npm run import -- --site`). */
async function seedSite(
  seed: SeedSite,
  archive: Archive,
  { config, logger, client }: Awaited<ReturnType<typeof boot>>,
) {
  const source = sourceById(seed.source);
  if (!source || !existsSync(path.join(seed.site, MANIFEST_FILE))) {
    logger.warn(
      { site: seed.site },
      'the index is empty and this saved site does not exist; run "npm run import -- --site DIR --source ID" to add it',
    );
    return;
  }
  logger.info({ site: seed.site, source: seed.source }, 'the index is empty: importing the seed');
  const report = await importSavedSite(SavedSite.open(seed.site), source, {
    archive,
    client,
    indexUid: config.MEILI_INDEX,
    logger,
  });
  logger.info(
    {
      site: seed.site,
      pages: report.pages,
      releases: report.releases.releasesNew + report.releases.releasesUpdated,
      added: report.index.added,
      refused: report.index.refused,
      bad: report.noRelease.length,
      pending: report.index.pending,
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
  process.exit(error instanceof ConfigError || error instanceof SourceFileError ? 2 : 1);
});
