/**
 * Rebuilds the index from the archive without downtime: every current
 * release goes into a fresh index with the current settings and document
 * shape, changes made meanwhile are caught up, the fresh index is swapped
 * in atomically (Meilisearch `swapIndexes`) and the old one is dropped.
 * Searches keep being served by the old index until the swap and by the new
 * one after it; none sees an empty or partial index.
 *
 * `ensureIndexCurrent` runs at start: it rebuilds only when the index holds
 * documents of an older shape (index-config DOCUMENT_VERSION), otherwise it
 * applies changed settings in place, as before.
 */
import type { Meilisearch } from 'meilisearch';
import { buildIndexSettings, DOCUMENT_VERSION } from '../../index-config/settings.js';
import type { Archive } from '../archive/archive.js';
import type { PressRelease } from '../domain/release.js';
import { IndexingError } from '../errors.js';
import { type Logger, silentLogger } from '../log.js';
import { meiliErrorCode } from '../meili/client.js';
import { waitForTask } from '../meili/tasks.js';
import { applySettings } from './settings.js';
import { indexIsolating } from './sync.js';

export type RebuildPhase = 'settings' | 'indexing' | 'catching-up' | 'swapping' | 'done';

export interface RebuildProgress {
  phase: RebuildPhase;
  /** Releases in the fresh index so far. */
  indexed: number;
  /** Current releases in the archive when the rebuild started. */
  total: number;
}

export interface RebuildReport {
  uid: string;
  /** Documents in the index after the swap. */
  documents: number;
  /** Releases indexed or removed again because they changed during the rebuild. */
  caughtUp: number;
  /** Releases the fresh index refused (kept in the archive with code and reason, as a sync does). */
  refused: number;
  seconds: number;
}

export interface RebuildOptions {
  batchSize?: number;
  logger?: Logger;
  onProgress?: (progress: RebuildProgress) => void;
  /** Between indexing and the swap (tests use it to change the archive meanwhile). */
  beforeSwap?: () => Promise<void> | void;
}

/** Prefix of the fresh indexes a rebuild creates; leftovers of a crashed one are dropped. */
export function rebuildPrefix(uid: string): string {
  return `${uid}-rebuild-`;
}

async function succeed(client: Meilisearch, what: string, task: Parameters<typeof waitForTask>[1]) {
  const done = await waitForTask(client, task);
  if (done.status !== 'succeeded') {
    throw new IndexingError(`Meilisearch could not ${what}: ${done.error?.message}`, done.error);
  }
}

async function dropLeftovers(client: Meilisearch, uid: string, logger: Logger): Promise<void> {
  const { results } = await client.getIndexes({ limit: 1000 });
  for (const index of results) {
    if (!index.uid.startsWith(rebuildPrefix(uid))) continue;
    logger.warn({ index: index.uid }, 'dropping the index of an unfinished rebuild');
    await succeed(client, `delete index ${index.uid}`, client.deleteIndex(index.uid));
  }
}

/**
 * Puts releases into an index, isolating the ones Meilisearch refuses (kept
 * refused in the archive, as a sync does); returns what it took.
 */
async function fill(
  archive: Archive,
  client: Meilisearch,
  uid: string,
  releases: PressRelease[],
  batchSize: number,
  indexed: Map<string, string>,
): Promise<number> {
  const outcome = await indexIsolating(client, uid, releases, batchSize);
  archive.releases.markRefused(outcome.refused);
  for (const r of outcome.indexed) indexed.set(r.id, r.contentHash);
  return outcome.refused.length;
}

/** Re-indexes what changed in the archive since `since`; returns how many releases it touched. */
async function catchUp(
  archive: Archive,
  client: Meilisearch,
  uid: string,
  since: string,
  batchSize: number,
  indexed: Map<string, string>,
): Promise<number> {
  let touched = 0;
  let after = '';
  for (;;) {
    const batch = archive.releases.changedSince(since, batchSize, after);
    if (batch.length === 0) return touched;
    after = batch.at(-1)?.id ?? after;
    const current = batch.flatMap((c) => (c.release ? [c.release] : []));
    const gone = batch.filter((c) => c.gone).map((c) => c.id);
    if (current.length > 0) await fill(archive, client, uid, current, batchSize, indexed);
    if (gone.length > 0)
      await succeed(client, 'delete replaced releases', client.index(uid).deleteDocuments(gone));
    for (const id of gone) indexed.delete(id);
    touched += batch.length;
  }
}

export async function rebuildIndex(
  archive: Archive,
  client: Meilisearch,
  uid: string,
  options: RebuildOptions = {},
): Promise<RebuildReport> {
  const started = performance.now();
  const logger = options.logger ?? silentLogger;
  const batchSize = options.batchSize ?? 1000;
  const total = archive.releases.currentCount();
  const report = (phase: RebuildPhase, indexed: number) =>
    options.onProgress?.({ phase, indexed, total });

  await dropLeftovers(client, uid, logger);
  const fresh = `${rebuildPrefix(uid)}${Date.now().toString(36)}`;
  report('settings', 0);
  await applySettings(client, fresh, buildIndexSettings(), logger);
  // What the new index holds, id → content hash, marked in the archive once it is live.
  const indexed = new Map<string, string>();
  let refused = 0;
  try {
    const since = new Date().toISOString();
    let after = '';
    for (;;) {
      const batch = archive.releases.current(batchSize, after);
      if (batch.length === 0) break;
      after = batch.at(-1)?.id ?? after;
      refused += await fill(archive, client, fresh, batch, batchSize, indexed);
      report('indexing', indexed.size);
    }
    await options.beforeSwap?.();
    report('catching-up', indexed.size);
    const beforeSwap = new Date().toISOString();
    let caughtUp = await catchUp(archive, client, fresh, since, batchSize, indexed);

    report('swapping', indexed.size);
    try {
      await client.getIndex(uid);
    } catch (error) {
      if (meiliErrorCode(error) !== 'index_not_found') throw error;
      await succeed(client, `create index ${uid}`, client.createIndex(uid, { primaryKey: 'id' }));
    }
    await succeed(
      client,
      `swap ${fresh} with ${uid}`,
      client.swapIndexes([{ indexes: [uid, fresh], rename: false }]),
    );
    // `fresh` now names the old index. Changes that reached it after the catch-up follow.
    caughtUp += await catchUp(archive, client, uid, beforeSwap, batchSize, indexed);
    await succeed(client, `delete the old index`, client.deleteIndex(fresh));
    archive.releases.markIndexed([...indexed].map(([id, contentHash]) => ({ id, contentHash })));
    const documents = (await client.index(uid).getStats()).numberOfDocuments;
    report('done', indexed.size);
    const seconds = (performance.now() - started) / 1000;
    logger.info(
      { index: uid, documents, caughtUp, refused, seconds },
      'index rebuilt and swapped in',
    );
    return { uid, documents, caughtUp, refused, seconds };
  } catch (error) {
    // The live index is untouched until the swap; a failed rebuild leaves only its own index behind.
    await waitForTask(client, client.deleteIndex(fresh)).catch(() => undefined);
    throw error;
  }
}

export type IndexState = 'created' | 'settings-applied' | 'rebuilt';

/** Whether the index holds documents written by an older indexer (or no version at all). */
export async function holdsOlderDocuments(client: Meilisearch, uid: string): Promise<boolean> {
  const index = client.index(uid);
  const stats = await index.getStats();
  if (stats.numberOfDocuments === 0) return false;
  const settings = await index.getSettings();
  if (!settings.filterableAttributes?.includes('docVersion')) return true;
  const older = await index.search('', {
    filter: `NOT docVersion = ${DOCUMENT_VERSION}`,
    limit: 0,
  });
  return (older.estimatedTotalHits ?? 0) > 0;
}

/**
 * At start: creates a missing index, rebuilds one whose documents are of an
 * older shape, and otherwise brings its settings up to date in place.
 */
export async function ensureIndexCurrent(
  archive: Archive,
  client: Meilisearch,
  uid: string,
  options: RebuildOptions = {},
): Promise<IndexState> {
  const logger = options.logger ?? silentLogger;
  let exists = true;
  try {
    await client.getIndex(uid);
  } catch (error) {
    if (meiliErrorCode(error) !== 'index_not_found') throw error;
    exists = false;
  }
  if (exists && (await holdsOlderDocuments(client, uid))) {
    logger.info(
      { index: uid, documentVersion: DOCUMENT_VERSION },
      'the index holds documents of an older shape: rebuilding it from the archive (search stays up)',
    );
    // Until the swap the old index serves this code's searches, which filter,
    // facet and group on the current filterable fields: those are added in place.
    const { filterableAttributes, sortableAttributes } = buildIndexSettings();
    await applySettings(client, uid, { filterableAttributes, sortableAttributes }, logger);
    await rebuildIndex(archive, client, uid, options);
    return 'rebuilt';
  }
  await applySettings(client, uid, buildIndexSettings(), logger);
  return exists ? 'settings-applied' : 'created';
}
