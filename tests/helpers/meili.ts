import { randomBytes } from 'node:crypto';
import type { Meilisearch } from 'meilisearch';
import { inject } from 'vitest';
import { buildIndexSettings } from '../../index-config/settings.js';
import { applySettings } from '../../src/indexing/settings.js';
import { createMeiliClient } from '../../src/meili/client.js';
import { waitForTask } from '../../src/meili/tasks.js';

/** A client for the run's shared Meilisearch. */
export function testClient(timeoutMs = 10_000): Meilisearch {
  return createMeiliClient({ host: inject('meiliHost'), apiKey: inject('meiliKey'), timeoutMs });
}

/** A fresh index uid owned by one test file, so files can run in parallel. */
export function uniqueIndexUid(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Creates the index with the project's settings and returns its uid. */
export async function createTestIndex(client: Meilisearch, prefix: string): Promise<string> {
  const uid = uniqueIndexUid(prefix);
  await applySettings(client, uid, buildIndexSettings());
  return uid;
}

export async function deleteIndex(client: Meilisearch, uid: string): Promise<void> {
  await waitForTask(client, client.deleteIndex(uid));
}
