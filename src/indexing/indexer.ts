/**
 * Upserts releases into Meilisearch in batches. Releases whose content hash
 * the index already holds are skipped, so importing the same data twice
 * changes nothing. Every task is awaited and a failed one throws.
 *
 * A few batches are kept in flight: Meilisearch merges consecutive document
 * additions into one indexing run, which is much faster than one at a time.
 */
import type { EnqueuedTask, Meilisearch } from 'meilisearch';
import type { PressRelease } from '../domain/release.js';
import { IndexingError } from '../errors.js';
import { waitForTask } from '../meili/tasks.js';
import { toMeiliDocument } from './document.js';

export interface IndexProgress {
  /** Releases looked at so far (their batches are indexed). */
  processed: number;
  added: number;
  updated: number;
  unchanged: number;
}

export interface IndexOptions {
  batchSize?: number;
  /** Batches sent before the oldest one must have finished indexing. */
  maxInFlight?: number;
  onProgress?: (progress: IndexProgress) => void;
}

async function storedHashes(client: Meilisearch, uid: string, ids: string[]) {
  const hashes = new Map<string, string>();
  const { results } = await client.index(uid).getDocuments<{ id: string; contentHash: string }>({
    ids,
    fields: ['id', 'contentHash'],
    limit: ids.length,
  });
  for (const doc of results) hashes.set(doc.id, doc.contentHash);
  return hashes;
}

interface InFlight {
  task: EnqueuedTask | undefined;
  size: number;
  counts: Omit<IndexProgress, 'processed'>;
}

/** Adds or replaces releases; returns how many were new, changed and unchanged. */
export async function indexReleases(
  client: Meilisearch,
  uid: string,
  releases: Iterable<PressRelease> | AsyncIterable<PressRelease>,
  options: IndexOptions = {},
): Promise<IndexProgress> {
  const batchSize = options.batchSize ?? 1000;
  const maxInFlight = options.maxInFlight ?? 4;
  const progress: IndexProgress = { processed: 0, added: 0, updated: 0, unchanged: 0 };
  const inFlight: InFlight[] = [];
  let batch: PressRelease[] = [];

  const settleOldest = async () => {
    const oldest = inFlight.shift();
    if (!oldest) return;
    if (oldest.task) {
      const task = await waitForTask(client, oldest.task);
      if (task.status !== 'succeeded') {
        throw new IndexingError(
          `Meilisearch failed to index a batch of ${oldest.size} releases: ${task.error?.message}`,
          task.error,
        );
      }
    }
    progress.processed += oldest.size;
    progress.added += oldest.counts.added;
    progress.updated += oldest.counts.updated;
    progress.unchanged += oldest.counts.unchanged;
    options.onProgress?.({ ...progress });
  };

  const send = async () => {
    if (batch.length === 0) return;
    // Within one batch the last version of an id wins, as it would in Meilisearch.
    const byId = new Map(batch.map((r) => [r.id, r]));
    const current = [...byId.values()];
    const hashes = await storedHashes(client, uid, [...byId.keys()]);
    const changed = current.filter((r) => hashes.get(r.id) !== r.contentHash);
    const counts = { added: 0, updated: 0, unchanged: 0 };
    for (const r of current) {
      const stored = hashes.get(r.id);
      if (stored === undefined) counts.added++;
      else if (stored !== r.contentHash) counts.updated++;
      else counts.unchanged++;
    }
    // The enqueue request itself must succeed before the next batch is prepared.
    const task =
      changed.length > 0
        ? await client.index(uid).addDocuments(changed.map(toMeiliDocument), { primaryKey: 'id' })
        : undefined;
    inFlight.push({ task, size: batch.length, counts });
    batch = [];
    if (inFlight.length >= maxInFlight) await settleOldest();
  };

  try {
    for await (const release of releases) {
      batch.push(release);
      if (batch.length >= batchSize) await send();
    }
    await send();
    while (inFlight.length > 0) await settleOldest();
  } catch (error) {
    // Nothing is left unawaited: settle what was already sent before failing.
    await Promise.allSettled(inFlight.map((f) => f.task && waitForTask(client, f.task)));
    throw error;
  }
  return progress;
}
