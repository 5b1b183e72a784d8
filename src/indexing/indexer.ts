/**
 * Upserts releases into Meilisearch in batches. Releases whose content hash
 * the index already holds are skipped, so importing the same data twice
 * changes nothing. Every task is awaited and a failed one throws.
 */
import type { Meilisearch } from 'meilisearch';
import type { PressRelease } from '../domain/release.js';
import { IndexingError } from '../errors.js';
import { toMeiliDocument } from './document.js';

export interface IndexProgress {
  /** Releases looked at so far. */
  processed: number;
  added: number;
  updated: number;
  unchanged: number;
}

export interface IndexOptions {
  batchSize?: number;
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

/** Adds or replaces releases; returns how many were new, changed and unchanged. */
export async function indexReleases(
  client: Meilisearch,
  uid: string,
  releases: Iterable<PressRelease> | AsyncIterable<PressRelease>,
  options: IndexOptions = {},
): Promise<IndexProgress> {
  const batchSize = options.batchSize ?? 1000;
  const progress: IndexProgress = { processed: 0, added: 0, updated: 0, unchanged: 0 };
  let batch: PressRelease[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    // Within one batch the last version of an id wins, as it would in Meilisearch.
    const byId = new Map(batch.map((r) => [r.id, r]));
    const current = [...byId.values()];
    const hashes = await storedHashes(client, uid, [...byId.keys()]);
    const changed = current.filter((r) => hashes.get(r.id) !== r.contentHash);
    if (changed.length > 0) {
      const task = await client
        .index(uid)
        .addDocuments(changed.map(toMeiliDocument), { primaryKey: 'id' })
        .waitTask();
      if (task.status !== 'succeeded') {
        throw new IndexingError(
          `Meilisearch failed to index ${changed.length} releases: ${task.error?.message}`,
          task.error,
        );
      }
    }
    for (const r of current) {
      const stored = hashes.get(r.id);
      if (stored === undefined) progress.added++;
      else if (stored !== r.contentHash) progress.updated++;
      else progress.unchanged++;
    }
    progress.processed += batch.length;
    batch = [];
    options.onProgress?.({ ...progress });
  };

  for await (const release of releases) {
    batch.push(release);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return progress;
}
