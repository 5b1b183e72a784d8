/**
 * `npm run normalize -- [--source ID]`: rebuilds releases from the raw pages
 * already in the archive (after the normalizer improved), without fetching
 * anything, and re-indexes what changed.
 */
import { parseArgs } from 'node:util';
import { openArchive } from '../src/archive/archive.js';
import { boot } from '../src/boot.js';
import { ConfigError, loadConfig } from '../src/config/env.js';
import { type SyncReport, syncArchiveToIndex } from '../src/indexing/sync.js';
import { createLogger } from '../src/log.js';
import { meiliErrorMessage } from '../src/meili/client.js';
import { ProgressLine } from '../src/util/progress.js';
import { emptyCounts, type SourceCounts } from './crawl/engine.js';
import { normalizePending } from './crawl/run.js';
import { selectSources, UnknownSourceError } from './crawl/setup.js';
import { normalizeItem } from './normalize/index.js';
import { SOURCES } from './sources/index.js';

const HELP = `Usage: npm run normalize -- [options]

Rebuilds releases from the raw pages stored in the archive (DATA_DIR/archive.db)
with the current normalizer, then indexes the releases that changed. Nothing
is fetched from the sources. Run it after the normalizer or the entity
gazetteers improve.

Options:
  --source ID    only this source (repeatable; default: every source)
                 known: ${SOURCES.map((s) => s.id).join(', ')}
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
        : `index: ${index.indexed} releases sent (${index.added} new, ${index.updated} updated), ${index.removed} replaced by a near-duplicate and removed, ${index.pending} pending`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  let values: { source?: string[]; 'no-index'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        source: { type: 'string', multiple: true },
        'no-index': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  let sources: ReturnType<typeof selectSources>;
  try {
    sources = values.source?.length ? selectSources(values.source) : [...SOURCES];
  } catch (error) {
    if (error instanceof UnknownSourceError) {
      process.stderr.write(`${error.message}\n\n${HELP}\n`);
      return 2;
    }
    throw error;
  }
  const config = loadConfig();
  const logger = createLogger({
    level: config.LOG_LEVEL,
    format: config.LOG_FORMAT,
    name: 'normalize',
    destination: 'stderr',
  });
  const archive = openArchive(config.dataDir);
  const results: SourceResult[] = [];
  let index: SyncReport | undefined;
  try {
    for (const source of sources) {
      const items = archive.items.resetNormalized(source.id);
      const counts = emptyCounts();
      const progress = new ProgressLine();
      const show = () => {
        const done = counts.releasesNew + counts.releasesUpdated + counts.releasesUnchanged;
        const failed = Object.values(counts.errors).reduce((a, b) => a + b, 0);
        progress.update(
          `${source.id}: ${done + failed}/${items} items · ${counts.releasesNew} new · ${counts.releasesUpdated} updated · ${failed} without a release`,
        );
      };
      normalizePending(archive, source, normalizeItem, counts, { logger, onProgress: show });
      progress.done(`${source.id}: ${items} items normalized`);
      results.push({ source: source.id, items, counts });
    }
    if (!values['no-index']) {
      const pending = archive.releases.pendingIndexCount();
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
        index = {
          indexed: 0,
          added: 0,
          updated: 0,
          removed: 0,
          pending,
          error: meiliErrorMessage(error),
        };
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
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
