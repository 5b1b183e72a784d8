/**
 * `npm start`: Meilisearch (embedded or external), index settings, the API,
 * and a first import of real data when the index is empty. The only listen().
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE, SavedSite } from '../crawler/crawl/saved-site.js';
import { SourceFileError, sourceById } from '../crawler/sources/index.js';
import type { Archive } from './archive/archive.js';
import { assemble } from './assemble.js';
import { boot } from './boot.js';
import { ConfigError } from './config/env.js';
import { closeGracefully, createHttpServer, listenOn } from './http/listen.js';
import { loadWidget } from './http/widget-bundle.js';
import { importJsonLines } from './ingest/jsonl.js';
import {
  markSeedDone,
  markSeedStarted,
  type SeedSite,
  seedCutShort,
  seedFiles,
  seedSites,
} from './ingest/seed.js';
import { importSavedSite } from './ingest/site.js';
import { meiliErrorMessage } from './meili/client.js';
import type { SearchService } from './search/service.js';
import { PROJECT_ROOT } from './version.js';

/** A signal before the service is up: exit at once; the exit handler kills the embedded engine. */
function stopDuringStartUp(signal: NodeJS.Signals): void {
  process.stderr.write(`${signal} during start-up: stopping\n`);
  process.exit(0);
}

async function main(): Promise<void> {
  process.once('SIGINT', stopDuringStartUp);
  process.once('SIGTERM', stopDuringStartUp);
  // Built before Meilisearch starts, so a broken widget build leaves nothing running.
  const widget = await loadWidget();
  const booted = await boot();
  const { config, logger } = booted;
  const { app, search, supervisor, crawl, archive, indexSync, metrics } = assemble(booted, {
    widget,
  });
  logger.info(
    {
      hash: widget.hash,
      bytes: widget.code.length,
      gzip: widget.gzip.length,
      brotli: widget.brotli.length,
    },
    `widget ready: ${(widget.gzip.length / 1024).toFixed(1)} KB gzipped`,
  );
  supervisor.start();

  const server = createHttpServer(app, {
    maxHeaderBytes: config.MAX_HEADER_BYTES,
    onClientError: (code) => metrics.clientRefused(code),
  });
  const port = await listenOn(server, config.PORT, config.HOST);
  const url = `http://${config.HOST}:${port}/`;
  logger.info(
    { url, meiliPid: supervisor.status().pid },
    `serving search on ${url} (pid ${process.pid}; SIGTERM or Ctrl-C stops it)`,
  );
  if (!config.ADMIN_TOKEN) logger.info('the admin API is off: set ADMIN_TOKEN to turn it on');

  const seeding = seedIfEmpty(booted, search, archive).catch((error: unknown) =>
    logger.error({ err: error }, 'seed import failed; the service keeps serving what it has'),
  );
  indexSync.run('start').catch(() => undefined);
  crawl.start();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const graceMs = config.SHUTDOWN_GRACE;
    logger.info({ signal, graceMs }, `${signal}: shutting down (at most ${graceMs} ms)`);
    // Past the grace period, exit anyway; the exit handler kills the embedded Meilisearch.
    setTimeout(() => {
      logger.error({ graceMs }, 'shutdown took longer than SHUTDOWN_GRACE; exiting now');
      process.exit(1);
    }, graceMs).unref();
    const deadline = Date.now() + graceMs;
    // Requests in flight get up to 40% of the grace to finish.
    await closeGracefully(server, graceMs * 0.4);
    // The crawl and indexing get what is left but a quarter of the grace, kept for the engine.
    // A crawl still waiting on a site by then is left as it is: the next start resumes it.
    const running = new Set<string>();
    const tracked = (name: string, work: Promise<unknown>) => {
      running.add(name);
      return work.finally(() => running.delete(name));
    };
    const background = Promise.allSettled([
      tracked('the crawl', crawl.stop()),
      tracked('the seed import', seeding),
      tracked('indexing', indexSync.idle()),
    ]);
    const budget = Math.max(0, deadline - graceMs * 0.25 - Date.now());
    const finished = await Promise.race([
      background.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), budget).unref()),
    ]);
    if (!finished) {
      const left = [...running];
      logger.warn(
        { waitedMs: budget, running: left },
        `${left.join(' and ')} did not stop in time; the next start resumes ${left.length > 1 ? 'them' : 'it'}`,
      );
    } else archive.close();
    await supervisor.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.removeListener('SIGINT', stopDuringStartUp);
  process.removeListener('SIGTERM', stopDuringStartUp);
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** A fresh install has an empty index: fill it from the seed files so search works at once. */
async function seedIfEmpty(
  booted: Awaited<ReturnType<typeof boot>>,
  search: SearchService,
  archive: Archive,
) {
  const { config, logger, client } = booted;
  const files = seedFiles(config, PROJECT_ROOT);
  const sites = seedSites(config, PROJECT_ROOT);
  if (files.length + sites.length === 0) return;
  // An empty index is seeded; so is one whose seed was cut short (a stop
  // during the first start), or the demo would stay English-only for good.
  const cutShort = seedCutShort(config.dataDir);
  if (!cutShort && (await search.count()) > 0) {
    logger.info('the index holds releases and its seed finished: nothing to seed');
    return;
  }
  if (cutShort) logger.info('the seed import was cut short last time: resuming it');
  markSeedStarted(config.dataDir);
  for (const seed of files) {
    if (!existsSync(seed.file)) {
      logger.warn(
        { file: seed.file },
        'the index is empty and this seed file does not exist; run "npm run import -- FILE" to add releases',
      );
      continue;
    }
    logger.info({ file: seed.file, source: seed.source }, 'the index is empty: importing the seed');
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
  markSeedDone(config.dataDir);
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
