/**
 * `npm run sources -- list | check ID [--live] [--items N] | schema`: the
 * ministries the service knows, one source file each, and the check that
 * tells whether a file reads its site right.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Archive, archivePath, openArchive } from '../src/archive/archive.js';
import { parseCommandArgs } from '../src/cli/args.js';
import { ConfigError, loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/log.js';
import { type CheckResult, CheckSetupError, checkSource } from './crawl/check.js';
import { quietCrawlee } from './crawl/engine.js';
import { healthOf, noHealth, type SourceHealth } from './crawl/health.js';
import { crawlDefaultsFrom } from './crawl/setup.js';
import {
  SOURCES,
  SourceFileError,
  sourceById,
  sourceIdentity,
  useSourcesDir,
} from './sources/index.js';
import { JSON_SCHEMA_FILE, sourceJsonSchemaText } from './sources/json-schema.js';
import type { SourceDefinition } from './sources/schema.js';
import { formatCheck } from './sources/verdicts.js';

const HELP = `Usage: npm run sources -- <command> [options]

The ministries the service knows: one file each in crawler/sources/ (and in
SOURCES_DIR), checked by a strict schema when they load.

Commands:
  list                  every source: kind, languages, crawled by default or
                        not, verified, its replica, and its health from
                        DATA_DIR/archive.db (last success, releases, failed
                        runs, staleness)
  check ID              crawl a few listing pages and items of one source and
                        print, per item, what extraction found (title, date,
                        language, body length, countries, ministers) with a
                        verdict per field and the reason for each failure.
                        Reads the source's replica (the saved copy its file
                        names), or SOURCE_BASE_URL_<ID> when set.
  schema                write crawler/sources/source.schema.json from the
                        schema (editors use it to complete and check files)

Options:
  --live                check: read the live site instead of a replica; a
                        passing live check marks the source verified, with
                        the time, in DATA_DIR/archive.db
  --items N             check: items to read (default 5 live, 50 from a
                        replica, which holds only some of the items it lists)
  --pages N             check: listing pages per language (default 2)
  --check               schema: only tell whether the file is up to date
  --json                list, check: print JSON instead of a table
  -h, --help            show this help

Adding a ministry: write crawler/sources/<id>.yaml (copy one of the same
kind), run \`npm run sources -- check <id>\` until it passes, then add its
replica and a test (see README, "Adding a ministry").

Exit code: 0 on success (a check that passed), 1 when a check fails or the
schema file is out of date, 2 on a usage or configuration error.`;

function usage(message: string): number {
  process.stderr.write(`${message}\n\n${HELP}\n`);
  return 2;
}

function positiveInteger(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${name} must be a whole number of at least 1, got "${value}"`);
  return n;
}

class UsageError extends Error {}

interface Listed {
  source: SourceDefinition;
  health: SourceHealth;
}

function pad(cells: string[][]): string {
  const widths =
    cells[0]?.map((_c, i) => Math.max(...cells.map((row) => (row[i] ?? '').length))) ?? [];
  return cells
    .map((row) =>
      row
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function listTable(listed: Listed[]): string {
  const rows = listed.map(({ source, health }) => [
    source.id,
    source.kind,
    source.languages.join(','),
    source.enabled ? 'yes' : 'no',
    health.verifiedAt ? `live ${health.verifiedAt.slice(0, 10)}` : source.verified ? 'yes' : 'no',
    source.replica?.site ?? '—',
    health.status === 'never-crawled' ? 'never crawled' : health.status,
    health.lastSuccess?.slice(0, 16).replace('T', ' ') ?? '—',
    String(health.releases),
    health.failureRate === null ? '—' : `${Math.round(health.failureRate * 100)}%`,
  ]);
  const head = [
    'id',
    'kind',
    'languages',
    'crawled',
    'verified',
    'replica',
    'health',
    'last success',
    'releases',
    'failed runs',
  ];
  const verified = listed.filter((l) => l.source.verified || l.health.verifiedAt).length;
  return `${pad([head, ...rows])}\n\n${listed.length} sources, ${verified} verified on real pages, ${listed.filter((l) => l.source.enabled).length} crawled by default.`;
}

function list(dataDir: string, json: boolean): number {
  // The health needs an archive; without one nothing was crawled yet (and none is created).
  const archive = existsSync(archivePath(dataDir)) ? openArchive(dataDir) : undefined;
  try {
    const listed = SOURCES.map((source) => ({
      source,
      health: archive ? healthOf(archive, source) : noHealth(source),
    }));
    if (json) {
      const out = listed.map(({ source, health }) => ({
        ...sourceIdentity(source),
        verified: source.verified,
        replica: source.replica?.site ?? null,
        provenance: source.provenance,
        health,
      }));
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      process.stdout.write(`${listTable(listed)}\n`);
    }
    return 0;
  } finally {
    archive?.close();
  }
}

function printCheck(id: string, result: CheckResult, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ source: id, ...result }, null, 2)}\n`);
    return;
  }
  const lines = [`Checking ${id} from ${result.target}`, ''];
  if (result.crawl.problems.length > 0) {
    lines.push('Crawl problems:');
    for (const p of result.crawl.problems) lines.push(`  ${p.code}: ${p.message}`);
    lines.push('');
  }
  lines.push(formatCheck(result.verdict));
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function check(
  id: string | undefined,
  values: { live?: boolean; items?: string; pages?: string; json?: boolean },
): Promise<number> {
  if (!id) return usage('check needs the id of a source, e.g. npm run sources -- check by-mfa');
  const source = sourceById(id);
  if (!source)
    return usage(`Unknown source "${id}". Known: ${SOURCES.map((s) => s.id).join(', ')}`);
  // A saved copy holds some of the items its listings link: read more of them there.
  const items = positiveInteger(values.items, '--items', values.live ? 5 : 50);
  const pages = positiveInteger(values.pages, '--pages', 2);
  const config = loadConfig();
  const logger = createLogger({
    // The report lists the crawl's problems; the log only says more when debugging.
    level:
      config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace' ? config.LOG_LEVEL : 'error',
    format: config.LOG_FORMAT,
    name: 'sources',
    destination: 'stderr',
  });
  quietCrawlee(config.LOG_LEVEL);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  let result: CheckResult;
  try {
    result = await checkSource({
      source,
      live: values.live === true,
      items,
      pages,
      defaults: crawlDefaultsFrom(config),
      baseUrl: config.sourceBaseUrls[id],
      sitesDir: path.join(path.resolve(config.SHARED_DIR), 'sites'),
      logger,
      signal: controller.signal,
    });
  } catch (error) {
    if (error instanceof CheckSetupError) {
      process.stderr.write(`cannot check ${id} [${error.code}]: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  printCheck(id, result, values.json === true);
  // Every check is remembered; a passing live one is what verifies a source.
  const archive: Archive = openArchive(config.dataDir);
  try {
    archive.checks.record({
      source: id,
      live: result.live,
      passed: result.verdict.passed,
      items: result.verdict.items.length,
      summary: result.verdict.passed ? 'passed' : result.verdict.reasons.join('; '),
    });
  } finally {
    archive.close();
  }
  if (result.live && result.verdict.passed) {
    process.stdout.write(
      `${id} is verified (recorded in ${archivePath(config.dataDir)}); set verified: true in its file to say so for everyone.\n`,
    );
  }
  return result.verdict.passed ? 0 : 1;
}

function schema(onlyCheck: boolean): number {
  const fresh = sourceJsonSchemaText();
  const current = existsSync(JSON_SCHEMA_FILE) ? readFileSync(JSON_SCHEMA_FILE, 'utf8') : '';
  if (onlyCheck) {
    if (current === fresh) {
      process.stdout.write(`${JSON_SCHEMA_FILE} is up to date\n`);
      return 0;
    }
    process.stderr.write(`${JSON_SCHEMA_FILE} is out of date: run npm run sources -- schema\n`);
    return 1;
  }
  writeFileSync(JSON_SCHEMA_FILE, fresh);
  process.stdout.write(`${current === fresh ? 'unchanged' : 'wrote'} ${JSON_SCHEMA_FILE}\n`);
  return 0;
}

async function main(): Promise<number> {
  const parsed = parseCommandArgs(
    HELP,
    {
      live: { type: 'boolean' },
      items: { type: 'string' },
      pages: { type: 'string' },
      check: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    { positionals: true },
  );
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const [command, id, ...rest] = parsed.positionals;
  if (command === 'help') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (rest.length > 0) return usage(`Unexpected argument "${rest[0]}"`);
  const config = loadConfig();
  useSourcesDir(config.SOURCES_DIR);
  try {
    switch (command) {
      case 'list':
        return list(config.dataDir, values.json === true);
      case 'check':
        return await check(id, values);
      case 'schema':
        return schema(values.check === true);
      case undefined:
        return usage('Which command? list, check ID or schema');
      default:
        return usage(`Unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message);
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`sources failed: ${message}\n`);
    process.exit(error instanceof ConfigError || error instanceof SourceFileError ? 2 : 1);
  },
);
