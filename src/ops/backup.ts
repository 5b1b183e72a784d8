/**
 * Backup and restore of a DATA_DIR: the archive copied with SQLite's online
 * backup API (consistent while a crawl writes), a Meilisearch dump, and a
 * manifest with sizes, SHA-256 sums and counts.
 *
 * Order matters: the archive is copied first, then the dump is taken, so
 * every release the archive calls indexed is in the dump; what was indexed
 * in between is in the dump too and is merely re-checked by the next sync.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Meilisearch } from 'meilisearch';
import { z } from 'zod';
import { archivePath } from '../archive/archive.js';
import { type Logger, silentLogger } from '../log.js';
import { EmbeddedMeili, loadOrCreateMasterKey } from '../meili/launcher.js';
import { waitForTask } from '../meili/tasks.js';
import { formatZodIssues } from '../util/zod-errors.js';

export const MANIFEST_FILE = 'manifest.json';
const ARCHIVE_FILE = 'archive.db';
const DUMP_FILE = 'meilisearch.dump';

const fileSchema = z.object({
  file: z.string().regex(/^[\w.-]+$/, 'must be a plain file name'),
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const manifestSchema = z.object({
  format: z.literal(1),
  createdAt: z.string(),
  serviceVersion: z.string(),
  archive: fileSchema.extend({ releases: z.number().int(), schemaVersion: z.number().int() }),
  meilisearch: fileSchema.extend({
    version: z.string(),
    dumpUid: z.string(),
    indexes: z.array(z.object({ uid: z.string(), documents: z.number().int() })),
  }),
});

export type BackupManifest = z.infer<typeof manifestSchema>;

/** A backup or restore that cannot go on; `exitCode` 2 = fix the input, 1 = the run failed. */
export class BackupError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function describeFile(file: string) {
  return {
    file: path.basename(file),
    bytes: (await stat(file)).size,
    sha256: await sha256(file),
  };
}

/** The folder's entries, or [] when it does not exist. */
async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export interface BackupOptions {
  dataDir: string;
  /** Where the backup goes: a new or empty folder. */
  dir: string;
  client: Meilisearch;
  /** Folder on this machine where the Meilisearch server writes its dumps. */
  dumpDir: string;
  serviceVersion: string;
  logger?: Logger;
}

export async function backup(options: BackupOptions): Promise<BackupManifest> {
  const logger = options.logger ?? silentLogger;
  const found = await entries(options.dir);
  if (found.length > 0) {
    throw new BackupError(
      'BACKUP_DIR_NOT_EMPTY',
      `${options.dir} is not empty (${found.slice(0, 5).join(', ')}${found.length > 5 ? ', …' : ''}); give a new or empty folder, so no earlier backup is overwritten.`,
      2,
    );
  }
  await mkdir(options.dir, { recursive: true });

  const source = archivePath(options.dataDir);
  let db: Database.Database;
  try {
    db = new Database(source, { readonly: true, fileMustExist: true });
  } catch {
    throw new BackupError(
      'NO_ARCHIVE',
      `There is no archive at ${source}. Check DATA_DIR (it is ${options.dataDir}).`,
      2,
    );
  }
  const archiveCopy = path.join(options.dir, ARCHIVE_FILE);
  let releases: number;
  let schemaVersion: number;
  try {
    logger.info({ from: source, to: archiveCopy }, 'copying the archive (SQLite online backup)');
    await db.backup(archiveCopy);
    releases = (db.prepare('SELECT COUNT(*) AS n FROM releases').get() as { n: number }).n;
    schemaVersion = Number(db.pragma('user_version', { simple: true }));
  } finally {
    db.close();
  }

  logger.info('asking Meilisearch for a dump');
  const task = await waitForTask(options.client, options.client.createDump(), 3_600_000);
  const dumpUid = (task.details as { dumpUid?: string | null } | undefined)?.dumpUid;
  if (task.status !== 'succeeded' || !dumpUid) {
    throw new BackupError(
      'DUMP_FAILED',
      `Meilisearch could not write a dump: ${task.error?.message ?? task.status}`,
      1,
    );
  }
  const dumpFile = path.join(options.dumpDir, `${dumpUid}.dump`);
  const dumpCopy = path.join(options.dir, DUMP_FILE);
  try {
    await copyFile(dumpFile, dumpCopy);
  } catch (error) {
    throw new BackupError(
      'DUMP_NOT_REACHABLE',
      `Meilisearch wrote dump ${dumpUid}, but ${dumpFile} cannot be read here (${(error as Error).message}). With MEILI_HOST, pass --dump-dir with the folder where that server's dumps appear on this machine.`,
      1,
    );
  }
  // Our copy is the backup; the server's copy would only fill its disk.
  await rm(dumpFile, { force: true });

  const { results } = await options.client.getIndexes({ limit: 1000 });
  const indexes = await Promise.all(
    results.map(async (index) => ({
      uid: index.uid,
      documents: (await index.getStats()).numberOfDocuments,
    })),
  );
  const manifest: BackupManifest = {
    format: 1,
    createdAt: new Date().toISOString(),
    serviceVersion: options.serviceVersion,
    archive: { ...(await describeFile(archiveCopy)), releases, schemaVersion },
    meilisearch: {
      ...(await describeFile(dumpCopy)),
      version: (await options.client.getVersion()).pkgVersion,
      dumpUid,
      indexes,
    },
  };
  await writeFile(path.join(options.dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Reads and checks a backup: the manifest's shape, then each file's size and SHA-256. */
export async function readBackup(dir: string): Promise<BackupManifest> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), 'utf8'));
  } catch (error) {
    throw new BackupError(
      'NOT_A_BACKUP',
      `${dir} holds no readable ${MANIFEST_FILE} (${(error as Error).message}); give the folder "npm run backup" wrote.`,
      2,
    );
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new BackupError(
      'NOT_A_BACKUP',
      `${path.join(dir, MANIFEST_FILE)} is not a backup manifest:\n${formatZodIssues(parsed.error, raw)}`,
      2,
    );
  }
  for (const part of [parsed.data.archive, parsed.data.meilisearch]) {
    const file = path.join(dir, part.file);
    const actual = await describeFile(file).catch(() => undefined);
    if (!actual || actual.bytes !== part.bytes || actual.sha256 !== part.sha256) {
      throw new BackupError(
        'BACKUP_CORRUPT',
        `${file} does not match the manifest (${actual ? `${actual.bytes} bytes, sha256 ${actual.sha256}` : 'missing'}; expected ${part.bytes} bytes, sha256 ${part.sha256}). The backup is damaged: use another one.`,
        2,
      );
    }
  }
  return parsed.data;
}

export interface RestoreOptions {
  dir: string;
  /** An empty or absent DATA_DIR. */
  dataDir: string;
  /**
   * The embedded Meilisearch that imports the dump; absent with an external
   * server (MEILI_HOST), which imports it itself (`meilisearch --import-dump`).
   */
  meili?: { binary: string; masterKey?: string | undefined };
  /** How long the import may take before it is called failed. */
  importTimeoutMs?: number;
  logger?: Logger;
}

export interface RestoreReport {
  manifest: BackupManifest;
  /** The imported indexes; null when the dump was left for an external server. */
  indexes: { uid: string; documents: number }[] | null;
  dumpFile: string;
}

/** Brings a backup back into an empty DATA_DIR: the archive, then the dump imported by Meilisearch. */
export async function restore(options: RestoreOptions): Promise<RestoreReport> {
  const logger = options.logger ?? silentLogger;
  const manifest = await readBackup(options.dir);
  const found = await entries(options.dataDir);
  if (found.length > 0) {
    throw new BackupError(
      'DATA_DIR_NOT_EMPTY',
      `DATA_DIR ${options.dataDir} is not empty (${found.slice(0, 5).join(', ')}); restore goes into an empty DATA_DIR only, so nothing is overwritten. Point DATA_DIR at a new folder.`,
      2,
    );
  }
  await mkdir(options.dataDir, { recursive: true });
  const archiveFile = archivePath(options.dataDir);
  await copyFile(path.join(options.dir, manifest.archive.file), archiveFile);
  const db = new Database(archiveFile, { fileMustExist: true });
  try {
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok')
      throw new BackupError(
        'BACKUP_CORRUPT',
        `The restored archive fails its integrity check: ${String(check)}`,
        2,
      );
  } finally {
    db.close();
  }
  logger.info({ archive: archiveFile, releases: manifest.archive.releases }, 'archive restored');

  const dumpFile = path.join(options.dir, manifest.meilisearch.file);
  if (!options.meili) return { manifest, indexes: null, dumpFile };
  const meiliDir = path.join(options.dataDir, 'meili');
  const masterKey =
    options.meili.masterKey ??
    (await loadOrCreateMasterKey(path.join(options.dataDir, 'meili.key'), logger));
  const meili = new EmbeddedMeili({
    binary: options.meili.binary,
    dataDir: meiliDir,
    masterKey,
    importDump: dumpFile,
    startupTimeoutMs: options.importTimeoutMs ?? 1_800_000,
    logger,
  });
  logger.info({ dump: manifest.meilisearch.file }, 'Meilisearch is importing the dump');
  await meili.start();
  try {
    const indexes: { uid: string; documents: number }[] = [];
    for (const expected of manifest.meilisearch.indexes) {
      const response = await fetch(
        `${meili.host}/indexes/${encodeURIComponent(expected.uid)}/stats`,
        {
          headers: { authorization: `Bearer ${masterKey}` },
        },
      );
      const documents = response.ok
        ? ((await response.json()) as { numberOfDocuments: number }).numberOfDocuments
        : -1;
      if (documents !== expected.documents) {
        throw new BackupError(
          'RESTORE_INCOMPLETE',
          `Index "${expected.uid}" has ${documents} documents after the import; the backup had ${expected.documents}.`,
          1,
        );
      }
      indexes.push({ uid: expected.uid, documents });
    }
    return { manifest, indexes, dumpFile };
  } finally {
    await meili.stop();
  }
}
