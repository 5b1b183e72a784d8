/**
 * `npm run normalize -- [--source ID]`: rebuilds releases from the raw pages
 * already in the archive (after the normalizer improved), without fetching
 * anything, and re-indexes what changed.
 */
import { openArchive } from '../src/archive/archive.js';
import { boot } from '../src/boot.js';
import { parseCommandArgs } from '../src/cli/args.js';
import { ConfigError, loadConfig } from '../src/config/env.js';
import { type SyncReport, syncArchiveToIndex, unstartedSync } from '../src/indexing/sync.js';
import { normalizePending } from '../src/ingest/pipeline.js';
import { createLogger } from '../src/log.js';
import { meiliErrorMessage } from '../src/meili/client.js';
import { ProgressLine } from '../src/util/progress.js';
import { emptyCounts, type SourceCounts } from './crawl/stats.js';
import { normalizeWithSource, SOURCES, SourceFileError, useSourcesDir } from './sources/index.js';

const HELP = `Usage: npm run normalize -- [options]

Rebuilds releases from the raw items stored in the archive (DATA_DIR/archive.db)
— crawled pages and imported lines alike — with the current normalizer, then
indexes the releases that changed. Nothing is fetched from the sources. Run it
after the normalizer or the entity gazetteers improve.

Options:
  --source ID    only this source (repeatable; default: every source in the
                 archive; crawled ones: ${SOURCES.map((s) => s.id).join(', ')})
  --no-index     rebuild the archive's releases only; index on the next sync
  -h, --help     show this help

Exit code: 0 on success, 1 when indexing failed (the releases stay pending
in the archive and are indexed by the next crawl or normalize), 2 on a usage
or configuration error.`;

interface SourceResult {
  source: string;
  items: number;
  counts: SourceCounts;
}

function table(results: SourceResult[], index: SyncReport | undefined): string {
  const rows = results.map((r) => {
    const errors = Object.entries(r.counts.errors)
      .map(([code, n]) => `${code}×${n}`)
      .join(' ');
    return [
      r.source,
      String(r.items),
      String(r.counts.releasesNew),
      String(r.counts.releasesUpdated),
      String(r.counts.releasesUnchanged),
      errors || '-',
    ];
  });
  const header = ['source', 'items', 'new', 'updated', 'unchanged', 'no release (code×count)'];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)),
  );
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  const lines = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  if (index) {
    lines.push(
      '',
      index.error
        ? `index: FAILED (${index.error}); ${index.pending} releases wait in the archive`
        : `index: ${index.indexed} releases sent (${index.added} new, ${index.updated} updated), ${index.removed} replaced by a near-duplicate and removed, ${index.refused} refused, ${index.pending} pending`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const parsed = parseCommandArgs(HELP, {
    source: { type: 'string', multiple: true },
    'no-index': { type: 'boolean' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const config = loadConfig();
  useSourcesDir(config.SOURCES_DIR);
  const logger = createLogger({
    level: config.LOG_LEVEL,
    format: config.LOG_FORMAT,
    name: 'normalize',
    destination: 'stderr',
  });
  const archive = openArchive(config.dataDir);
  // Imported sources have items but no source file: the archive says what there is.
  const known = [...new Set([...SOURCES.map((s) => s.id), ...archive.items.sources()])];
  const unknown = values.source?.filter((id) => !known.includes(id)) ?? [];
  if (unknown.length > 0) {
    archive.close();
    process.stderr.write(
      `Unknown source "${unknown.join('", "')}". Known: ${known.join(', ')}\n\n${HELP}\n`,
    );
    return 2;
  }
  const sources = values.source?.length ? values.source : known;
  const results: SourceResult[] = [];
  let index: SyncReport | undefined;
  try {
    for (const source of sources) {
      const items = archive.items.resetNormalized(source);
      const counts = emptyCounts();
      const progress = new ProgressLine();
      const show = () => {
        const done = counts.releasesNew + counts.releasesUpdated + counts.releasesUnchanged;
        const failed = Object.values(counts.errors).reduce((a, b) => a + b, 0);
        progress.update(
          `${source}: ${done + failed}/${items} items · ${counts.releasesNew} new · ${counts.releasesUpdated} updated · ${failed} without a release`,
        );
      };
      await normalizePending(archive, source, normalizeWithSource, counts, {
        logger,
        onProgress: show,
      });
      progress.done(`${source}: ${items} items normalized`);
      results.push({ source, items, counts });
    }
    if (!values['no-index']) {
      try {
        const booted = await boot({ logger });
        try {
          index = await syncArchiveToIndex(archive, booted.client, booted.config.MEILI_INDEX, {
            logger,
          });
        } finally {
          await booted.shutdown();
        }
      } catch (error) {
        index = unstartedSync(archive, meiliErrorMessage(error));
      }
    }
  } finally {
    archive.close();
  }
  process.stderr.write(`\n${table(results, index)}\n`);
  return index?.error ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`normalize failed: ${meiliErrorMessage(error)}\n`);
    process.exit(error instanceof ConfigError || error instanceof SourceFileError ? 2 : 1);
  },
);
