/**
 * `npm run extract -- --file PATH [--url U] [--source ID] [--lang L]`:
 * normalizes one HTML page or plain text and prints the release as JSON.
 * This is how people check extraction by hand; its output shape is a contract.
 */
import { readFileSync } from 'node:fs';
import { parseCommandArgs } from '../src/cli/args.js';
import { loadConfig } from '../src/config/env.js';
import { normalizeWithSource, SOURCES, sourceById, useSourcesDir } from './sources/index.js';

const HELP = `Usage: npm run extract -- --file PATH [options]

Prints the release extracted from one HTML page or plain-text file as JSON:
title, published (ISO 8601 or null), dateFound, dateline, lang, countries
(ISO 3166-1 alpha-2), ministers ({id, names, country, role}), lead, body,
warnings. Nothing is fetched or indexed.

Options:
  --file PATH     the page or text; "-" reads standard input (required)
  --url URL       the page's address (default: a file: URL of PATH)
  --source ID     source whose extract rules apply (its file in crawler/sources/
                  or SOURCES_DIR); without it, the generic rules
  --lang CODE     the language, when known (otherwise declared or detected)
  --format F      html or text (default: html when the input starts with markup)
  --fetched DATE  when the page was first fetched: a date written without a
                  year is then given the latest such day before it
  -h, --help      show this help

Exit code: 0 with a release, 1 when the input holds none (the JSON names the
error code and reason), 2 on a usage error.`;

function main(): number {
  const parsed = parseCommandArgs(HELP, {
    file: { type: 'string' },
    url: { type: 'string' },
    source: { type: 'string' },
    lang: { type: 'string' },
    format: { type: 'string' },
    fetched: { type: 'string' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const file = values.file;
  if (typeof file !== 'string') {
    process.stderr.write(`--file is required.\n\n${HELP}\n`);
    return 2;
  }
  const format = values.format;
  if (format !== undefined && format !== 'html' && format !== 'text') {
    process.stderr.write(`--format must be html or text, got "${String(format)}"\n`);
    return 2;
  }
  const fetched = typeof values.fetched === 'string' ? values.fetched : undefined;
  if (fetched !== undefined && Number.isNaN(Date.parse(fetched))) {
    process.stderr.write(`--fetched must be a date such as 2023-12-02, got "${fetched}"\n`);
    return 2;
  }
  // SOURCES_DIR may hold the source asked for; an unknown one is an error, not generic rules.
  try {
    useSourcesDir(loadConfig().SOURCES_DIR);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (typeof values.source === 'string' && !sourceById(values.source)) {
    process.stderr.write(
      `Unknown source "${values.source}". Known: ${SOURCES.map((s) => s.id).join(', ')}\n`,
    );
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    process.stderr.write(`cannot read ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  const looksLikeHtml = /^\s*(<!doctype|<html|<head|<body|<div|<p[\s>]|<article|<meta)/i.test(text);
  const outcome = normalizeWithSource({
    sourceId: typeof values.source === 'string' ? values.source : 'manual',
    url:
      typeof values.url === 'string'
        ? values.url
        : `file://${file === '-' ? '/dev/stdin' : new URL(file, `file://${process.cwd()}/`).pathname}`,
    format: (format as 'html' | 'text' | undefined) ?? (looksLikeHtml ? 'html' : 'text'),
    text,
    langHint: typeof values.lang === 'string' ? values.lang : undefined,
    fetchedAt: new Date().toISOString(),
    firstSeenAt: fetched,
  });
  if (!outcome.ok) {
    process.stdout.write(
      `${JSON.stringify({ error: { code: outcome.code, reason: outcome.reason } }, null, 2)}\n`,
    );
    return 1;
  }
  const { release } = outcome;
  const output = {
    title: release.title,
    published: release.published,
    datePrecision: release.datePrecision,
    dateFound: outcome.dateFound,
    dateline: release.dateline,
    lang: release.lang,
    countries: release.countries,
    ministers: outcome.ministers.map((m) => ({
      id: m.id,
      names: m.names,
      country: m.country,
      role: m.role,
      ...(m.discovered ? { discovered: true } : {}),
    })),
    url: release.url,
    source: release.source,
    lead: release.lead,
    body: release.body,
    translationGroup: release.translationGroup,
    alternates: outcome.alternates,
    warnings: outcome.warnings,
  };
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  return 0;
}

process.exitCode = main();
