/**
 * Archive → index: releases the index does not hold in their current version
 * (new, or changed since) are indexed in batches with `indexReleases`, and
 * marked as indexed once Meilisearch has applied them. A batch that fails
 * stays pending with its error and attempt count: the next sync retries it.
 * Nothing is dropped.
 */
import type { Meilisearch } from 'meilisearch';
import type { Archive } from '../archive/archive.js';
import { type Logger, silentLogger } from '../log.js';
import { indexReleases } from './indexer.js';

export interface SyncReport {
  /** Releases sent to the index in this sync. */
  indexed: number;
  added: number;
  updated: number;
  /** Releases still waiting (after a failure). */
  pending: number;
  error?: string;
}

export async function syncArchiveToIndex(
  archive: Archive,
  client: Meilisearch,
  indexUid: string,
  options: { batchSize?: number; logger?: Logger } = {},
): Promise<SyncReport> {
  const logger = options.logger ?? silentLogger;
  const batchSize = options.batchSize ?? 500;
  const report: SyncReport = { indexed: 0, added: 0, updated: 0, pending: 0 };
  let after = '';
  for (;;) {
    const batch = archive.releasesToIndex(batchSize, after);
    if (batch.length === 0) break;
    after = batch.at(-1)?.id ?? after;
    try {
      const progress = await indexReleases(client, indexUid, batch, { batchSize });
      archive.markIndexed(batch);
      report.indexed += batch.length;
      report.added += progress.added;
      report.updated += progress.updated;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      archive.markIndexFailed(
        batch.map((r) => r.id),
        message,
      );
      report.error = message;
      logger.warn(
        { code: 'INDEX_FAILED', releases: batch.length },
        `indexing failed; the releases stay in the archive and are retried on the next sync: ${message}`,
      );
      break;
    }
  }
  report.pending = archive.pendingIndexCount();
  return report;
}
