/**
 * `npm run crawl -- [--source ID] [--lang LANG] [--since DATE] [--max-pages N]`:
 * crawls sources into the archive (DATA_DIR/archive.db), normalizes what is
 * new, and indexes new and changed releases.
 */
import { openArchive } from '../src/archive/archive.js';
import { boot } from '../src/boot.js';
import { parseCommandArgs } from '../src/cli/args.js';
import { ConfigError, DEFAULT_USER_AGENT, loadConfig } from '../src/config/env.js';
import { syncArchiveToIndex, unstartedSync } from '../src/indexing/sync.js';
import { createLogger } from '../src/log.js';
import { quietCrawlee } from './crawl/engine.js';
import { ProgressDisplay, summaryTable } from './crawl/progress.js';
import { type CrawlReport, runCrawl, sourceFailed } from './crawl/run.js';
import {
  crawlDefaultsFrom,
  originOverridesFrom,
  selectSources,
  UnknownSourceError,
} from './crawl/setup.js';
import { SOURCES, SourceFileError, useSourcesDir } from './sources/index.js';

/** Ids joined and wrapped to fit the help's column. */
function wrapped(ids: string[]): string {
  const lines: string[] = [];
  for (const id of ids) {
    const last = lines.length - 1;
    if (last >= 0 && `${lines[last]}, ${id}`.length <= 58) lines[last] = `${lines[last]}, ${id}`;
    else lines.push(id);
  }
  return lines.join(',\n                           ');
}

const HELP = `Usage: npm run crawl -- [options]

Crawls foreign-ministry sources into the archive (DATA_DIR/archive.db),
turns new and changed items into releases, and indexes them in Meilisearch.
A crawl that was killed is resumed where it stopped by the next one.

Options:
  --source ID       crawl this source (repeatable; default: all enabled sources)
                    known: ${wrapped(SOURCES.map((s) => s.id))}
                    (\`npm run sources -- list\` shows each one's kind, languages and health)
  --lang LANG       only these languages (repeatable, e.g. --lang ru --lang kk)
  --since DATE      skip items published before DATE (YYYY-MM-DD) and stop
                    paging once a listing page is older
  --max-pages N     read at most N listing pages per language
  --no-index        archive and normalize only; do not touch Meilisearch
  --json            print the final report as JSON on stdout
  -h, --help        show this help

Politeness and limits come from the environment (see README): CRAWL_DELAY_MS,
CRAWL_CONCURRENCY, CRAWL_USER_AGENT, CRAWL_MAX_RETRIES, CRAWL_*_TIMEOUT_MS,
CRAWL_MAX_BYTES, CRAWL_MAX_REDIRECTS; items that failed are tried again in
later runs (CRAWL_RETRY_BACKOFF, doubling, until CRAWL_RETRY_MAX_RUNS: GAVE_UP);
archived items are re-checked after CRAWL_RECHECK_AFTER; a crawl of a source
already being crawled waits for its lease (CRAWL_LEASE_TTL) or reports it busy.
SOURCE_BASE_URL_<ID> crawls a source from another origin (a local replica), e.g.
  SOURCE_BASE_URL_CN_MFA=http://127.0.0.1:8801 npm run crawl -- --source cn-mfa

Exit code: 0 when every source was crawled, 1 when a source failed entirely
(or indexing failed), 2 on a usage or configuration error.`;

function usage(message: string): number {
  process.stderr.write(`${message}\n\n${HELP}\n`);
  return 2;
}

async function main(): Promise<number> {
  const parsed = parseCommandArgs(HELP, {
    source: { type: 'string', multiple: true },
    lang: { type: 'string', multiple: true },
    since: { type: 'string' },
    'max-pages': { type: 'string' },
    'no-index': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const split = (list?: string[]) =>
    list
      ?.flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean);
  let since: Date | undefined;
  if (values.since !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.since) || Number.isNaN(Date.parse(values.since))) {
      return usage(`--since must be a date YYYY-MM-DD, got "${values.since}"`);
    }
    since = new Date(`${values.since}T00:00:00Z`);
  }
  let maxPages: number | undefined;
  if (values['max-pages'] !== undefined) {
    maxPages = Number(values['max-pages']);
    if (!Number.isInteger(maxPages) || maxPages < 1) {
      return usage(
        `--max-pages must be a whole number of at least 1, got "${values['max-pages']}"`,
      );
    }
  }
  // The configuration first: SOURCES_DIR may add the source asked for.
  const config = loadConfig();
  useSourcesDir(config.SOURCES_DIR);
  let sources: ReturnType<typeof selectSources>;
  try {
    sources = selectSources(split(values.source));
  } catch (error) {
    if (error instanceof UnknownSourceError) return usage(error.message);
    throw error;
  }
  const langs = split(values.lang);
  if (langs) {
    const offered = new Set(sources.flatMap((s) => s.languages));
    const unknown = langs.filter((l) => !offered.has(l));
    if (unknown.length > 0) {
      return usage(
        `--lang ${unknown.join(', ')}: not a language of ${sources.map((s) => s.id).join(', ')} (they have ${[...offered].join(', ')})`,
      );
    }
  }

  const logger = createLogger({
    level: config.LOG_LEVEL,
    format: config.LOG_FORMAT,
    name: 'crawl',
    destination: 'stderr',
  });
  quietCrawlee(config.LOG_LEVEL);
  if (config.CRAWL_USER_AGENT === DEFAULT_USER_AGENT) {
    logger.info(
      'crawling with the default User-Agent; set CRAWL_USER_AGENT to name your contact URL',
    );
  }
  const archive = openArchive(config.dataDir);
  const display = new ProgressDisplay(sources.map((s) => s.id));
  const controller = new AbortController();
  const interrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(
      '\nstopping after the requests in flight; run again to resume (Ctrl-C again to quit now)\n',
    );
    controller.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  let report: CrawlReport;
  let indexFailed = false;
  try {
    report = await runCrawl({
      archive,
      sources,
      defaults: crawlDefaultsFrom(config),
      originOverrides: originOverridesFrom(config),
      langs,
      since,
      maxPages,
      logger,
      signal: controller.signal,
      onProgress: (source, phase, counts) => display.update(source, phase, counts),
    });
    display.finish();
    if (!values['no-index'] && !controller.signal.aborted) {
      try {
        const booted = await boot({ logger });
        try {
          report.index = await syncArchiveToIndex(
            archive,
            booted.client,
            booted.config.MEILI_INDEX,
            {
              logger,
            },
          );
        } finally {
          await booted.shutdown();
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        report.index = unstartedSync(archive, message);
      }
      indexFailed = report.index?.error !== undefined;
    }
  } finally {
    archive.close();
  }
  process.stderr.write(`\n${summaryTable(report)}\n`);
  if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  if (controller.signal.aborted) return 130;
  return report.sources.some(sourceFailed) || indexFailed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`crawl failed: ${message}\n`);
    process.exit(error instanceof ConfigError || error instanceof SourceFileError ? 2 : 1);
  },
);
