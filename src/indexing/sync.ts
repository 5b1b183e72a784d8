/**
 * Archive → index: releases the index does not hold in their current version
 * (new, or changed since) are indexed in batches with `indexReleases`, and
 * marked as indexed once Meilisearch has applied them. A batch that fails
 * stays pending with its error and attempt count: the next sync retries it.
 * Nothing is dropped.
 */
import type { Meilisearch } from 'meilisearch';
import type { Archive } from '../archive/archive.js';
import { IndexingError } from '../errors.js';
import { type Logger, silentLogger } from '../log.js';
import { waitForTask } from '../meili/tasks.js';
import { indexReleases } from './indexer.js';

export interface SyncReport {
  /** Releases sent to the index in this sync. */
  indexed: number;
  added: number;
  updated: number;
  /** Releases taken out because a near-duplicate under another URL replaced them. */
  removed: number;
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
  const report: SyncReport = { indexed: 0, added: 0, updated: 0, removed: 0, pending: 0 };
  let after = '';
  for (;;) {
    const batch = archive.releases.toIndex(batchSize, after);
    if (batch.length === 0) break;
    after = batch.at(-1)?.id ?? after;
    try {
      const progress = await indexReleases(client, indexUid, batch, { batchSize });
      archive.releases.markIndexed(batch);
      report.indexed += batch.length;
      report.added += progress.added;
      report.updated += progress.updated;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      archive.releases.markIndexFailed(
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
  if (report.error === undefined) {
    try {
      report.removed = await removeSuperseded(archive, client, indexUid);
    } catch (error) {
      report.error = error instanceof Error ? error.message : String(error);
      logger.warn(
        { code: 'INDEX_FAILED' },
        `removing replaced releases failed; retried on the next sync: ${report.error}`,
      );
    }
  }
  report.pending = archive.releases.pendingIndexCount();
  return report;
}

/** Deletes from the index the releases a near-duplicate replaced. */
async function removeSuperseded(archive: Archive, client: Meilisearch, indexUid: string) {
  let removed = 0;
  for (;;) {
    const ids = archive.releases.supersededInIndex(500);
    if (ids.length === 0) return removed;
    const task = await waitForTask(client, client.index(indexUid).deleteDocuments(ids));
    if (task.status !== 'succeeded') {
      throw new IndexingError(
        `Meilisearch failed to delete ${ids.length} releases: ${task.error?.message}`,
        task.error,
      );
    }
    archive.releases.markRemovedFromIndex(ids);
    removed += ids.length;
  }
}
