/**
 * `npm run reindex`: rebuilds the search index from the archive into a fresh
 * index, swaps it in and drops the old one, with progress. Search keeps
 * being served throughout.
 */
import { openArchive } from '../archive/archive.js';
import { boot } from '../boot.js';
import { rebuildIndex } from '../indexing/rebuild.js';
import { meiliErrorMessage } from '../meili/client.js';
import { ProgressLine } from '../util/progress.js';
import { parseCommandArgs } from './args.js';

const HELP = `Usage: npm run reindex -- [options]

Rebuilds the search index from the archive (DATA_DIR/archive.db): every
current release is indexed into a fresh index with the current settings and
document shape, releases that change meanwhile are caught up, and the fresh
index is swapped in atomically (Meilisearch swapIndexes) before the old one
is dropped. Searches are answered by the old index until the swap and by the
new one after it. Start-up does the same by itself when the index holds
documents of an older shape.

Options:
  --index UID       Meilisearch index (default: MEILI_INDEX or "releases")
  --batch-size N    releases per indexing batch (default 1000)
  -h, --help        show this help

Exit code: 0 when the new index is live, 1 when the rebuild failed (the old
index is then untouched), 2 on a usage or configuration error.`;

async function main(): Promise<number> {
  const parsed = parseCommandArgs(HELP, {
    index: { type: 'string' },
    'batch-size': { type: 'string' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const batchSize = values['batch-size'] ? Number(values['batch-size']) : 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    process.stderr.write(
      `--batch-size must be a positive whole number, got "${values['batch-size']}"\n`,
    );
    return 2;
  }
  const env = values.index ? { ...process.env, MEILI_INDEX: values.index } : process.env;
  const booted = await boot({ env });
  const { config, client, logger } = booted;
  const archive = openArchive(config.dataDir);
  const progress = new ProgressLine();
  try {
    const report = await rebuildIndex(archive, client, config.MEILI_INDEX, {
      batchSize,
      logger,
      onProgress: (p) => progress.update(`${p.phase}: ${p.indexed}/${p.total} releases`),
    });
    progress.done(
      `index "${report.uid}" rebuilt from the archive: ${report.documents} releases, ${report.caughtUp} caught up during the rebuild, ${report.seconds.toFixed(1)} s`,
    );
    return 0;
  } catch (error) {
    progress.done(`rebuild failed, the old index is still live: ${meiliErrorMessage(error)}`);
    return 1;
  } finally {
    archive.close();
    await booted.shutdown();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`reindex failed: ${meiliErrorMessage(error)}\n`);
    process.exit(2);
  },
);
