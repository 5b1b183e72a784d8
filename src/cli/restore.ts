/**
 * `npm run restore -- DIR`: a backup from `npm run backup` back into an
 * empty DATA_DIR; `npm start` then serves it.
 */
import path from 'node:path';
import { loadConfig } from '../config/env.js';
import { createLogger } from '../log.js';
import { resolveMeiliBinary } from '../meili/launcher.js';
import { BackupError, restore } from '../ops/backup.js';
import { parseFolderArgs } from './folder-args.js';

const HELP = `Usage: npm run restore -- [options] DIR

Restores a backup written by "npm run backup" into DATA_DIR, which must be
empty or absent (nothing is overwritten). The files are checked against the
manifest's SHA-256 sums first; the archive is copied and checked; the
embedded Meilisearch imports the dump, and the document counts are compared
with the manifest. Then "npm start" serves the restored data.

With MEILI_HOST the archive is restored and the dump is left for that server:
start it once with "meilisearch --import-dump DIR/meilisearch.dump".

Options:
  -h, --help   show this help

Exit code: 0 when everything is restored, 1 when the restore failed, 2 on a
usage error, a damaged backup or a DATA_DIR that is not empty.`;

async function main(): Promise<number> {
  const args = parseFolderArgs(HELP);
  if (typeof args === 'number') return args;
  const { dir } = args;
  const config = loadConfig();
  const logger = createLogger({
    level: config.LOG_LEVEL,
    format: config.LOG_FORMAT,
    destination: 'stderr',
  });
  try {
    const meili = config.MEILI_HOST
      ? undefined
      : {
          binary: await resolveMeiliBinary({
            explicit: config.MEILI_BINARY,
            dataDir: config.dataDir,
          }),
          masterKey: config.MEILI_MASTER_KEY,
        };
    const report = await restore({
      dir: path.resolve(dir),
      dataDir: config.dataDir,
      meili,
      importTimeoutMs: Math.max(config.MEILI_STARTUP_TIMEOUT_MS, 1_800_000),
      logger,
    });
    const lines = [
      `restored ${path.resolve(dir)} into ${config.dataDir}`,
      `  archive: ${report.manifest.archive.releases} releases`,
      report.indexes
        ? `  Meilisearch: ${report.indexes.map((i) => `${i.uid}: ${i.documents} documents`).join(', ')}`
        : `  Meilisearch at ${config.MEILI_HOST}: start it once with --import-dump ${report.dumpFile}`,
      '"npm start" serves it now.',
      '',
    ];
    process.stdout.write(lines.join('\n'));
    return 0;
  } catch (error) {
    if (error instanceof BackupError) {
      process.stderr.write(`restore failed [${error.code}]: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const code = (error as { code?: string }).code;
    process.stderr.write(
      `restore failed${code ? ` [${code}]` : ''}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(code === 'CONFIG_INVALID' ? 2 : 1);
  },
);
