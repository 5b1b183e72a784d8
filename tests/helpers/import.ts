/**
 * Imports a file the way `npm run import` does (through an archive), into a
 * throw-away archive: for tests and benchmarks that only need the index filled.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Archive } from '../../src/archive/archive.js';
import { type ImportOptions, type ImportReport, importJsonLines } from '../../src/ingest/jsonl.js';

export async function importThroughScratchArchive(
  file: string,
  options: Omit<ImportOptions, 'archive'>,
): Promise<ImportReport> {
  const dir = await mkdtemp(path.join(tmpdir(), 'scratch-archive-'));
  const archive = new Archive(path.join(dir, 'archive.db'));
  try {
    return await importJsonLines(file, { ...options, archive });
  } finally {
    archive.close();
    await rm(dir, { recursive: true, force: true });
  }
}
