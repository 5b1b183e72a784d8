/**
 * `npm run backup -- DIR`: a consistent backup of DATA_DIR (archive + a
 * Meilisearch dump + manifest), safe while `npm start` and a crawl run.
 */
import path from 'node:path';
import { boot } from '../boot.js';
import { loadConfig } from '../config/env.js';
import { createLogger } from '../log.js';
import { meiliErrorMessage } from '../meili/client.js';
import { BackupError, backup } from '../ops/backup.js';
import { VERSION } from '../version.js';
import { parseFolderArgs } from './folder-args.js';

const HELP = `Usage: npm run backup -- [options] DIR

Writes a backup of DATA_DIR into DIR, which must be new or empty:
  archive.db         the archive, copied with SQLite's online backup API
                     (consistent while "npm start" and a crawl write to it)
  meilisearch.dump   a Meilisearch dump of every index (settings included)
  manifest.json      sizes, SHA-256 sums, release and document counts
Restore it with "npm run restore -- DIR" into an empty DATA_DIR.

Options:
  --dump-dir PATH   folder where the Meilisearch server writes its dumps, as
                    seen from this machine (default: DATA_DIR/meili/dumps, the
                    embedded server's; needed with MEILI_HOST)
  -h, --help        show this help

Meilisearch: uses MEILI_HOST when set, the server "npm start" runs on DATA_DIR
when there is one, and otherwise starts the embedded server for the backup.
Exit code: 0 when the backup is complete, 1 when it failed, 2 on a usage or
configuration error.`;

async function main(): Promise<number> {
  const args = parseFolderArgs(HELP, { 'dump-dir': { type: 'string' } });
  if (typeof args === 'number') return args;
  const { dir } = args;
  const dumpDir = typeof args.values['dump-dir'] === 'string' ? args.values['dump-dir'] : undefined;
  const config = loadConfig();
  if (config.MEILI_HOST && !dumpDir) {
    process.stderr.write(
      `With MEILI_HOST (${config.MEILI_HOST}) the dump is written on that server: pass --dump-dir with the folder where its dumps appear on this machine.\n`,
    );
    return 2;
  }
  const logger = createLogger({
    level: config.LOG_LEVEL,
    format: config.LOG_FORMAT,
    destination: 'stderr',
  });
  const booted = await boot({ logger });
  try {
    const manifest = await backup({
      dataDir: config.dataDir,
      dir: path.resolve(dir),
      client: booted.client,
      dumpDir: path.resolve(dumpDir ?? path.join(config.dataDir, 'meili', 'dumps')),
      serviceVersion: VERSION,
      logger,
    });
    const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
    process.stdout.write(
      [
        `backup written to ${path.resolve(dir)}`,
        `  archive.db        ${mb(manifest.archive.bytes)}, ${manifest.archive.releases} releases`,
        `  meilisearch.dump  ${mb(manifest.meilisearch.bytes)}, Meilisearch ${manifest.meilisearch.version}, ${manifest.meilisearch.indexes.map((i) => `${i.uid}: ${i.documents} documents`).join(', ')}`,
        '',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    if (error instanceof BackupError) {
      process.stderr.write(`backup failed [${error.code}]: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  } finally {
    await booted.shutdown();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const code = (error as { code?: string }).code;
    process.stderr.write(`backup failed${code ? ` [${code}]` : ''}: ${meiliErrorMessage(error)}\n`);
    process.exit(code === 'CONFIG_INVALID' ? 2 : 1);
  },
);
