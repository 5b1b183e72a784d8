/**
 * Archive → index: releases the index does not hold in their current version
 * (new, or changed since) are indexed in batches with `indexReleases`, and
 * marked as indexed once Meilisearch has applied them.
 *
 * Two kinds of failure, two behaviours. Meilisearch refusing documents (an
 * invalid payload or document: a 4xx answer, or a failed task whose error is
 * `invalid_request` or `internal`) is
 * about the documents: the batch is split in halves until the refused ones
 * stand alone, the rest is indexed, and each refused release keeps its code
 * and reason in the archive, not sent again until its content changes.
 * Anything else (Meilisearch down, a time-out, an internal error) is about the
 * moment: the batch stays pending with its error and attempt count, and the
 * next sync retries it. Nothing is dropped.
 */
import { type Meilisearch, MeilisearchApiError } from 'meilisearch';
import type { Archive } from '../archive/archive.js';
import type { Refusal } from '../archive/releases.js';
import type { PressRelease } from '../domain/release.js';
import { IndexingError } from '../errors.js';
import { type Logger, silentLogger } from '../log.js';
import { waitForTask } from '../meili/tasks.js';
import { type IndexProgress, indexReleases } from './indexer.js';

export interface SyncReport {
  /** Releases sent to the index in this sync. */
  indexed: number;
  added: number;
  updated: number;
  /** Releases taken out because a near-duplicate under another URL replaced them. */
  removed: number;
  /** Releases taken out because they were withdrawn (their page answers 404/410 or "not found"). */
  withdrawn: number;
  /** Releases the index refused in this sync (kept in the archive with code and reason). */
  refused: number;
  /** Releases still waiting (after a failure). */
  pending: number;
  error?: string;
}

/** The refusal a Meilisearch error means for the documents sent, or undefined when it is transient. */
export function refusalOf(error: unknown): { code: string; reason: string } | undefined {
  if (error instanceof MeilisearchApiError) {
    const status = error.response?.status ?? 0;
    // Auth, rate and time-out answers are about the request, not the documents.
    if (status < 400 || status >= 500 || [401, 403, 404, 408, 429].includes(status)) {
      return undefined;
    }
    return { code: error.cause?.code ?? `HTTP_${status}`, reason: error.message };
  }
  if (error instanceof IndexingError) {
    const task = error.details as { code?: string; type?: string; message?: string } | undefined;
    // A document Meilisearch cannot read fails its task as `invalid_request` (a bad id,
    // a bad field) or, for a payload it cannot parse (a lone surrogate), as `internal`.
    // `system` (disk full, I/O) and `auth` are about the server, not the documents.
    if (task?.type !== 'invalid_request' && task?.type !== 'internal') return undefined;
    return { code: task.code ?? task.type, reason: task.message ?? error.message };
  }
  return undefined;
}

/** Batches sent before the oldest must have been applied. */
const IN_FLIGHT = 4;

export interface BatchOutcome {
  progress: IndexProgress;
  indexed: PressRelease[];
  refused: Refusal[];
}

/**
 * Indexes a batch; when Meilisearch refuses it, halves it until the refused
 * releases are alone, and indexes the rest. A transient failure throws.
 */
export async function indexIsolating(
  client: Meilisearch,
  uid: string,
  batch: PressRelease[],
  batchSize: number,
): Promise<BatchOutcome> {
  try {
    const progress = await indexReleases(client, uid, batch, {
      batchSize,
      maxInFlight: IN_FLIGHT,
    });
    return { progress, indexed: batch, refused: [] };
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    const [only] = batch;
    if (batch.length === 1 && only) {
      return {
        progress: { processed: 0, added: 0, updated: 0, unchanged: 0 },
        indexed: [],
        refused: [{ id: only.id, contentHash: only.contentHash, ...refusal }],
      };
    }
    const half = Math.ceil(batch.length / 2);
    const first = await indexIsolating(client, uid, batch.slice(0, half), batchSize);
    const second = await indexIsolating(client, uid, batch.slice(half), batchSize);
    return {
      progress: {
        processed: first.progress.processed + second.progress.processed,
        added: first.progress.added + second.progress.added,
        updated: first.progress.updated + second.progress.updated,
        unchanged: first.progress.unchanged + second.progress.unchanged,
      },
      indexed: [...first.indexed, ...second.indexed],
      refused: [...first.refused, ...second.refused],
    };
  }
}

export async function syncArchiveToIndex(
  archive: Archive,
  client: Meilisearch,
  indexUid: string,
  options: { batchSize?: number; logger?: Logger; onProgress?: (report: SyncReport) => void } = {},
): Promise<SyncReport> {
  const logger = options.logger ?? silentLogger;
  const batchSize = options.batchSize ?? 500;
  const report: SyncReport = {
    indexed: 0,
    added: 0,
    updated: 0,
    removed: 0,
    withdrawn: 0,
    refused: 0,
    pending: 0,
  };
  let after = '';
  for (;;) {
    // Several batches per round, so Meilisearch can merge them (see indexReleases' in-flight batches).
    const batch = archive.releases.toIndex(batchSize * IN_FLIGHT, after);
    if (batch.length === 0) break;
    after = batch.at(-1)?.id ?? after;
    try {
      const outcome = await indexIsolating(client, indexUid, batch, batchSize);
      archive.releases.markIndexed(outcome.indexed);
      archive.releases.markRefused(outcome.refused);
      report.indexed += outcome.indexed.length;
      report.added += outcome.progress.added;
      report.updated += outcome.progress.updated;
      report.refused += outcome.refused.length;
      for (const r of outcome.refused) {
        logger.warn(
          { code: 'INDEX_REFUSED', refusedCode: r.code, release: r.id },
          `Meilisearch refused release ${r.id} (${r.code}): ${r.reason}; it stays in the archive and is sent again when its content changes`,
        );
      }
      options.onProgress?.({ ...report });
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
      report.removed = await removeFromIndex(client, indexUid, archive, () =>
        archive.releases.supersededInIndex(500),
      );
      report.withdrawn = await removeFromIndex(client, indexUid, archive, () =>
        archive.releases.withdrawnInIndex(500),
      );
    } catch (error) {
      report.error = error instanceof Error ? error.message : String(error);
      logger.warn(
        { code: 'INDEX_FAILED' },
        `removing replaced or withdrawn releases failed; retried on the next sync: ${report.error}`,
      );
    }
  }
  report.pending = archive.releases.pendingIndexCount();
  return report;
}

/** Deletes from the index the releases `next` names (replaced by a near-duplicate, withdrawn). */
async function removeFromIndex(
  client: Meilisearch,
  indexUid: string,
  archive: Archive,
  next: () => string[],
) {
  let removed = 0;
  for (;;) {
    const ids = next();
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

/** A sync that sent nothing: the counts all zero. */
export function emptySync(pending = 0): SyncReport {
  return { indexed: 0, added: 0, updated: 0, removed: 0, withdrawn: 0, refused: 0, pending };
}

/** The report of a sync that could not start (Meilisearch unreachable at boot). */
export function unstartedSync(archive: Archive, error: string): SyncReport {
  return { ...emptySync(archive.releases.pendingIndexCount()), error };
}
