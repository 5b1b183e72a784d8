/**
 * `npm run import -- FILE.jsonl [...]`: imports releases from JSON-lines files
 * into the index, with progress, a report of bad lines and a summary.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { boot } from '../boot.js';
import { importJsonLines } from '../ingest/jsonl.js';
import { ProblemLog } from '../log.js';
import { meiliErrorMessage } from '../meili/client.js';
import { ProgressLine } from '../util/progress.js';

const HELP = `Usage: npm run import -- [options] FILE.jsonl [FILE.jsonl ...]

Imports press releases from JSON-lines files, one release per line:
  {"url": "...", "title": "...", "html": "..." | "text": "...", "published": "2022-08-03T19:49:23Z",
   "lang": "en" (optional, detected when missing), "source": "us-state" (optional)}
HTML is cleaned (scripts and styles removed, entities decoded, paragraphs kept),
countries and ministers are extracted, and releases are indexed in batches.
Importing the same file twice changes nothing. Bad lines are reported with
their line number and reason; the other lines are imported.

Options:
  --source ID       source id for lines without "source" (e.g. us-state)
  --lang CODE       language for lines without "lang" (otherwise detected)
  --index UID       Meilisearch index (default: MEILI_INDEX or "releases")
  --batch-size N    releases per indexing batch (default 1000)
  -h, --help        show this help

Meilisearch: uses MEILI_HOST when set, the server "npm start" runs on DATA_DIR
when there is one, and otherwise starts the embedded server for the import.
Exit code: 0 when every line was imported, 1 when some lines were bad, 2 on
a usage or configuration error.`;

/** What to do about each kind of bad line. */
const BAD_LINE_FIXES: Record<string, string> = {
  INVALID_JSON: 'each line must be one JSON object; is this a JSON-lines file (.jsonl)?',
  INVALID_FIELD:
    'each line needs "url", "title", "html" or "text", and "published" (ISO 8601); a missing "source" can be given with --source',
  EMPTY_BODY: 'give the text in "html" or "text"; lines whose body is only markup are skipped',
};

function countLines(file: string): number {
  const text = readFileSync(file, 'utf8');
  let count = 0;
  for (const line of text.split('\n')) if (line.trim()) count++;
  return count;
}

async function main(): Promise<number> {
  let parsed: ReturnType<
    typeof parseArgs<{
      options: {
        source: { type: 'string' };
        lang: { type: 'string' };
        index: { type: 'string' };
        'batch-size': { type: 'string' };
        help: { type: 'boolean'; short: 'h' };
      };
      allowPositionals: true;
    }>
  >;
  try {
    parsed = parseArgs({
      options: {
        source: { type: 'string' },
        lang: { type: 'string' },
        index: { type: 'string' },
        'batch-size': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (positionals.length === 0) {
    process.stderr.write(`No file given.\n\n${HELP}\n`);
    return 2;
  }
  const batchSize = values['batch-size'] ? Number(values['batch-size']) : undefined;
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
    process.stderr.write(
      `--batch-size must be a positive whole number, got "${values['batch-size']}"\n`,
    );
    return 2;
  }
  const env = values.index ? { ...process.env, MEILI_INDEX: values.index } : process.env;
  const booted = await boot({ env });
  const { config, client, logger } = booted;
  let badTotal = 0;
  try {
    for (const file of positionals) {
      const total = countLines(file);
      const progress = new ProgressLine();
      const problems = new ProblemLog(logger, BAD_LINE_FIXES);
      const started = performance.now();
      const report = await importJsonLines(file, {
        client,
        indexUid: config.MEILI_INDEX,
        defaults: { source: values.source, lang: values.lang },
        ...(batchSize ? { batchSize } : {}),
        onBadLine: (bad) =>
          problems.report(
            bad.code,
            { file, line: bad.line },
            `bad line ${bad.line}: ${bad.reason}`,
          ),
        onProgress: (p) => {
          const rate = p.processed / ((performance.now() - started) / 1000);
          progress.update(
            `${file}: ${p.lines}/${total} lines · ${p.added} new · ${p.updated} updated · ${p.unchanged} unchanged · ${p.bad.length} bad · ${rate.toFixed(0)} releases/s`,
          );
        },
      });
      const seconds = (performance.now() - started) / 1000;
      progress.done(
        `${file}: ${report.lines} lines in ${seconds.toFixed(1)} s → ${report.added} new, ${report.updated} updated, ${report.unchanged} unchanged, ${report.bad.length} bad (index "${config.MEILI_INDEX}")`,
      );
      const good = report.added + report.updated + report.unchanged;
      if (report.bad.length > 0 && good === 0) {
        const first = report.bad[0];
        logger.error(
          { file, bad: report.bad.length, code: first?.code },
          `none of the ${report.bad.length} lines of ${file} could be imported; the first says: ${first?.reason}. Fix: ${BAD_LINE_FIXES[first?.code ?? ''] ?? 'see npm run import -- --help'}`,
        );
      } else {
        problems.summarize({ file }, 'bad lines');
      }
      badTotal += report.bad.length;
    }
  } finally {
    await booted.shutdown();
  }
  return badTotal > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`import failed: ${meiliErrorMessage(error)}\n`);
    process.exit(2);
  },
);
