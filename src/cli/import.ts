/**
 * `npm run import -- FILE [...]`: imports releases from JSON-lines (or plain
 * text) files through the archive into the index, with progress, a report of
 * bad lines and a summary.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { SavedSite, SavedSiteError, savedSiteFolder } from '../../crawler/crawl/saved-site.js';
import { SOURCES, sourceById, useSourcesDir } from '../../crawler/sources/index.js';
import { openArchive } from '../archive/archive.js';
import { boot } from '../boot.js';
import { loadConfig } from '../config/env.js';
import { type ImportReport, importJsonLines } from '../ingest/jsonl.js';
import { checkSiteOfSource, importSavedSite, SiteNotOfSourceError } from '../ingest/site.js';
import { ProblemLog } from '../log.js';
import { meiliErrorMessage } from '../meili/client.js';
import { ProgressLine } from '../util/progress.js';
import { parseCommandArgs } from './args.js';

const HELP = `Usage: npm run import -- [options] FILE [FILE ...]
       npm run import -- --site DIR --source ID

Imports press releases through the archive (DATA_DIR/archive.db), the same
path a crawl takes: each line becomes a raw item of its source, the
normalizer makes it a release (near-duplicates replaced, translations
grouped, countries and ministers found), and new and changed releases are
indexed. FILE is JSON lines, one release per line:
  {"url": "...", "title": "..." (optional: derived from the text),
   "html": "..." | "text": "...",
   "published": "2022-08-03T19:49:23Z" | "2024-02-03" | "3 февраля 2024 г." (optional),
   "lang": "en" (optional, detected), "source": "us-state" (optional), "creator": "..."}
or a .txt file holding one plain-text release (first line the title).
A text starting "date YYYY-MM-DD" takes that date. A date that is neither
ISO 8601 nor a written date with its year is a bad line (INVALID_DATE); a
missing one leaves the release undated (DATE_UNKNOWN), never guessed.
Importing the same file twice changes nothing. Bad lines are reported with
their line number, code and reason; the other lines are imported.

With --site, DIR is a saved copy of a site: a folder of pages at the paths
of their URLs and a _manifest.jsonl (one JSON line per page: url, path,
status, content_type, kind …), as in ../shared/sites/ (a bare name such as
www.fmprc.gov.cn is looked for in SHARED_DIR/sites). Its item pages are
taken in as if the source ID had crawled them — archived with their bytes,
decoded by their charset, read with the source's own extract rules — and
the listing pages of sources whose items live in them (feeds, JSON APIs)
give their items.

Options:
  --site DIR        import a saved site through the rules of --source
  --source ID       source id for lines without "source" (e.g. us-state);
                    with --site, the source whose rules read the pages
  --lang CODE       language for lines without "lang" (otherwise detected)
  --index UID       Meilisearch index (default: MEILI_INDEX or "releases")
  --batch-size N    releases per indexing batch (default 500)
  -h, --help        show this help

Meilisearch: uses MEILI_HOST when set, the server "npm start" runs on DATA_DIR
when there is one, and otherwise starts the embedded server for the import.
A release Meilisearch refuses is kept in the archive with the refusal's code
and reason (and not sent again until it changes); the others are indexed.
Exit code: 0 when every line became an indexed release, 1 when some lines
were bad or refused, 2 on a usage or configuration error or when indexing
failed (the releases wait in the archive; the next import, crawl or
"npm run normalize" indexes them).`;

/** What to do about each kind of bad line. */
const BAD_LINE_FIXES: Record<string, string> = {
  INVALID_JSON: 'each line must be one JSON object; is this a JSON-lines file (.jsonl)?',
  INVALID_FIELD:
    'each line needs "url" (http or https) and its text in "html" or "text"; a missing "source" can be given with --source',
  INVALID_DATE:
    'write "published" as ISO 8601 (2024-02-03 or 2024-02-03T10:00:00Z) or a written date with its year, or leave it out',
};

function countLines(file: string): number {
  const text = readFileSync(file, 'utf8');
  let count = 0;
  for (const line of text.split('\n')) if (line.trim()) count++;
  return count;
}

async function main(): Promise<number> {
  const parsed = parseCommandArgs(
    HELP,
    {
      source: { type: 'string' },
      site: { type: 'string' },
      lang: { type: 'string' },
      index: { type: 'string' },
      'batch-size': { type: 'string' },
    },
    { positionals: true },
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const batchSize = values['batch-size'] ? Number(values['batch-size']) : undefined;
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
    process.stderr.write(
      `--batch-size must be a positive whole number, got "${values['batch-size']}"\n`,
    );
    return 2;
  }
  if (values.site !== undefined) {
    if (positionals.length > 0) {
      process.stderr.write(
        `--site imports a saved site, not files (got ${positionals[0]})\n\n${HELP}\n`,
      );
      return 2;
    }
    return importSite(values.site, values.source, values.index, batchSize);
  }
  if (positionals.length === 0) {
    process.stderr.write(`No file given.\n\n${HELP}\n`);
    return 2;
  }
  // Before Meilisearch is started: a file that cannot be read is a usage error.
  for (const file of positionals) {
    try {
      accessSync(file, constants.R_OK);
    } catch (error) {
      process.stderr.write(`cannot read ${file}: ${(error as Error).message}\n`);
      return 2;
    }
  }
  const env = values.index ? { ...process.env, MEILI_INDEX: values.index } : process.env;
  const booted = await boot({ env });
  const { config, client, logger } = booted;
  const archive = openArchive(config.dataDir);
  let code = 0;
  try {
    for (const file of positionals) {
      const total = countLines(file);
      const progress = new ProgressLine();
      const problems = new ProblemLog(logger, BAD_LINE_FIXES);
      const started = performance.now();
      const report = await importJsonLines(file, {
        archive,
        client,
        indexUid: config.MEILI_INDEX,
        defaults: { source: values.source, lang: values.lang },
        ...(batchSize ? { batchSize } : {}),
        logger,
        onBadLine: (bad) =>
          problems.report(
            bad.code,
            { file, line: bad.line },
            `bad line ${bad.line}: ${bad.reason}`,
          ),
        onProgress: (phase, p) => {
          const rate = p.lines / ((performance.now() - started) / 1000);
          const made = p.releases.releasesNew + p.releases.releasesUpdated;
          progress.update(
            phase === 'reading'
              ? `${file}: ${p.lines}/${total} lines read · ${p.items.new} new · ${p.items.changed} changed · ${p.items.unchanged} unchanged · ${p.bad.length} bad · ${rate.toFixed(0)} lines/s`
              : phase === 'normalizing'
                ? `${file}: normalizing · ${made} releases made`
                : `${file}: indexing · ${p.index.indexed} sent · ${p.index.refused} refused`,
          );
        },
      });
      const seconds = (performance.now() - started) / 1000;
      progress.done(summary(file, report, seconds, config.MEILI_INDEX));
      const good = report.items.new + report.items.changed + report.items.unchanged;
      if (report.bad.length > 0 && good === 0) {
        const first = report.bad[0];
        logger.error(
          { file, bad: report.bad.length, code: first?.code },
          `none of the ${report.bad.length} lines of ${file} could be imported; the first says: ${first?.reason}. Fix: ${BAD_LINE_FIXES[first?.code ?? ''] ?? 'see npm run import -- --help'}`,
        );
      } else {
        problems.summarize({ file }, 'bad lines');
      }
      if (report.index.error) code = 2;
      else if (code === 0 && (report.bad.length > 0 || report.index.refused > 0)) code = 1;
    }
  } finally {
    archive.close();
    await booted.shutdown();
  }
  return code;
}

/** `--site DIR --source ID`: a saved copy of a site, as if the source had crawled it. */
async function importSite(
  dir: string,
  sourceId: string | undefined,
  indexUid: string | undefined,
  batchSize: number | undefined,
): Promise<number> {
  const config = loadConfig();
  useSourcesDir(config.SOURCES_DIR);
  if (!sourceId) {
    process.stderr.write(
      `--site needs --source ID: the source whose rules read the pages\n\n${HELP}\n`,
    );
    return 2;
  }
  const source = sourceById(sourceId);
  if (!source) {
    process.stderr.write(
      `Unknown source "${sourceId}" (a saved site is read by a source's rules). Known: ${SOURCES.map((s) => s.id).join(', ')}\n`,
    );
    return 2;
  }
  const folder = savedSiteFolder(dir, path.join(path.resolve(config.SHARED_DIR), 'sites'));
  let site: SavedSite;
  try {
    site = SavedSite.open(folder);
    checkSiteOfSource(site, source);
  } catch (error) {
    if (!(error instanceof SavedSiteError || error instanceof SiteNotOfSourceError)) throw error;
    process.stderr.write(`cannot import ${dir} [${error.code}]: ${error.message}\n`);
    return 2;
  }
  const env = indexUid ? { ...process.env, MEILI_INDEX: indexUid } : process.env;
  const booted = await boot({ env });
  const { client, logger } = booted;
  const archive = openArchive(booted.config.dataDir);
  const progress = new ProgressLine();
  const started = performance.now();
  try {
    const report = await importSavedSite(site, source, {
      archive,
      client,
      indexUid: booted.config.MEILI_INDEX,
      ...(batchSize ? { batchSize } : {}),
      logger,
      onProgress: (phase, p) =>
        progress.update(
          phase === 'reading'
            ? `${folder}: ${p.items.new + p.items.changed + p.items.unchanged}/${p.pages} pages archived`
            : phase === 'normalizing'
              ? `${folder}: normalizing · ${p.releases.releasesNew + p.releases.releasesUpdated} releases made`
              : `${folder}: indexing · ${p.index.indexed} sent`,
        ),
    });
    for (const bad of report.noRelease) {
      logger.warn({ url: bad.url, code: bad.code }, `no release: ${bad.reason}`);
    }
    const seconds = (performance.now() - started) / 1000;
    const items = report.items.new + report.items.changed + report.items.unchanged;
    progress.done(
      [
        `${folder} as ${source.id}: ${report.pages} pages in ${seconds.toFixed(1)} s; ${items} items (${report.items.new} new, ${report.items.changed} changed, ${report.items.unchanged} unchanged), ${report.skipped.length} pages skipped (listings, redirects, damaged)`,
        releaseLine(report.releases, report.noRelease.length),
        indexLine(report.index, booted.config.MEILI_INDEX),
      ].join('\n'),
    );
    if (report.index.error) return 2;
    return report.noRelease.length > 0 || report.index.refused > 0 ? 1 : 0;
  } finally {
    archive.close();
    await booted.shutdown();
  }
}

function releaseLine(r: ImportReport['releases'], noRelease?: number): string {
  const codes = Object.entries(r.errors)
    .map(([code, n]) => `${code}×${n}`)
    .join(' ');
  return `  releases: ${r.releasesNew} new, ${r.releasesUpdated} updated, ${r.releasesUnchanged} unchanged${codes ? `, no release: ${codes}` : noRelease ? `, ${noRelease} without a release` : ''}`;
}

function indexLine(x: ImportReport['index'], index: string): string {
  return x.error
    ? `  index "${index}": FAILED (${x.error}); ${x.pending} releases wait in the archive`
    : `  index "${index}": ${x.added} added, ${x.updated} updated, ${x.removed} replaced by a near-duplicate, ${x.refused} refused, ${x.pending} pending`;
}

function summary(file: string, report: ImportReport, seconds: number, index: string): string {
  const { releases: r, index: x } = report;
  const warned = Object.entries(r.warnings ?? {})
    .map(([code, n]) => `${code}×${n}`)
    .join(' ');
  return [
    `${file}: ${report.lines} lines in ${seconds.toFixed(1)} s (${(report.lines / seconds).toFixed(0)} lines/s)`,
    `  items:    ${report.items.new} new, ${report.items.changed} changed, ${report.items.unchanged} unchanged, ${report.bad.length} bad lines`,
    releaseLine(r),
    ...(warned ? [`  warnings: ${warned}`] : []),
    indexLine(x, index),
  ].join('\n');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`import failed: ${meiliErrorMessage(error)}\n`);
    process.exit(2);
  },
);
