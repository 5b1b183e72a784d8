/**
 * Creates the index when missing and brings its settings in line with
 * index-config, sending an update only for the settings that differ.
 */
import type { Meilisearch, Settings } from 'meilisearch';
import { IndexingError } from '../errors.js';
import { type Logger, silentLogger } from '../log.js';
import { meiliErrorCode } from '../meili/client.js';
import { waitForTask } from '../meili/tasks.js';

/** Settings whose order means nothing: compared as sets. */
const UNORDERED = new Set([
  'filterableAttributes',
  'sortableAttributes',
  'stopWords',
  'disableOnAttributes',
]);

function canonical(value: unknown, unordered: boolean): unknown {
  // Meilisearch may hand back words in another Unicode normal form (й as и + breve).
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) {
    const items = value.map((item) => canonical(item, false));
    return unordered ? items.map((i) => JSON.stringify(i)).sort() : items;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, canonical(v, false)]),
    );
  }
  return value;
}

/**
 * Whether the server's value already satisfies the wanted one. For objects,
 * only the keys we set are compared: the server fills in its defaults.
 */
function satisfies(wanted: unknown, actual: unknown, key: string): boolean {
  if (wanted && typeof wanted === 'object' && !Array.isArray(wanted) && key !== 'synonyms') {
    if (!actual || typeof actual !== 'object') return false;
    return Object.entries(wanted).every(([k, v]) =>
      satisfies(v, (actual as Record<string, unknown>)[k], k),
    );
  }
  if (key === 'synonyms' && wanted && actual && typeof actual === 'object') {
    const sortValues = (s: object) =>
      Object.fromEntries(
        Object.entries(s).map(([k, v]) => [
          k.normalize('NFC'),
          (v as string[]).map((w) => w.normalize('NFC')).sort(),
        ]),
      );
    return (
      JSON.stringify(canonical(sortValues(wanted), false)) ===
      JSON.stringify(canonical(sortValues(actual), false))
    );
  }
  const unordered = UNORDERED.has(key);
  return (
    JSON.stringify(canonical(wanted, unordered)) === JSON.stringify(canonical(actual, unordered))
  );
}

/** The names of the settings the server does not have yet. */
export function differingSettings(wanted: Settings, actual: Settings): (keyof Settings)[] {
  return (Object.keys(wanted) as (keyof Settings)[]).filter(
    (key) => !satisfies(wanted[key], actual[key], key),
  );
}

export async function ensureIndex(client: Meilisearch, uid: string): Promise<void> {
  try {
    await client.getIndex(uid);
  } catch (error) {
    if (meiliErrorCode(error) !== 'index_not_found') throw error;
    const task = await waitForTask(client, client.createIndex(uid, { primaryKey: 'id' }));
    if (task.status !== 'succeeded' && task.error?.code !== 'index_already_exists') {
      throw new IndexingError(`Could not create index ${uid}: ${task.error?.message}`, task.error);
    }
  }
}

export interface AppliedSettings {
  /** Settings that were sent because they differed; empty when all matched. */
  changed: string[];
}

export async function applySettings(
  client: Meilisearch,
  uid: string,
  wanted: Settings,
  logger: Logger = silentLogger,
): Promise<AppliedSettings> {
  await ensureIndex(client, uid);
  const index = client.index(uid);
  const actual = await index.getSettings();
  const changed = differingSettings(wanted, actual);
  if (changed.length === 0) {
    logger.debug({ index: uid }, 'index settings already up to date');
    return { changed: [] };
  }
  const update = Object.fromEntries(changed.map((key) => [key, wanted[key]])) as Settings;
  logger.info({ index: uid, changed }, 'applying index settings');
  const task = await waitForTask(client, index.updateSettings(update));
  if (task.status !== 'succeeded') {
    throw new IndexingError(
      `Meilisearch rejected the settings of index ${uid}: ${task.error?.message}`,
      task.error,
    );
  }
  return { changed: changed as string[] };
}
