import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Meilisearch } from 'meilisearch';
import { inject } from 'vitest';
import { buildIndexSettings } from '../../index-config/settings.js';
import { createRelease } from '../../src/domain/create-release.js';
import { indexReleases } from '../../src/indexing/indexer.js';
import { applySettings } from '../../src/indexing/settings.js';
import { createMeiliClient } from '../../src/meili/client.js';
import { EmbeddedMeili } from '../../src/meili/launcher.js';
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

export interface OwnMeili {
  meili: EmbeddedMeili;
  key: string;
  host: string;
  close: () => Promise<void>;
}

/**
 * A Meilisearch of the test file's own, for tests that pause, stop or kill
 * it (never the run's shared one). With `index`, that index gets the
 * project's settings and one release about energy security.
 */
export async function startOwnMeili(prefix: string, index?: string): Promise<OwnMeili> {
  const dir = await mkdtemp(path.join(tmpdir(), `${prefix}-`));
  const key = randomBytes(24).toString('hex');
  const meili = new EmbeddedMeili({
    binary: inject('meiliBinary'),
    dataDir: dir,
    masterKey: key,
    stopGraceMs: 2000,
  });
  const host = await meili.start();
  if (index) {
    const setup = createMeiliClient({ host, apiKey: key, timeoutMs: 30_000 });
    await applySettings(setup, index, buildIndexSettings());
    await indexReleases(setup, index, [
      createRelease({
        url: `https://example.org/${index}`,
        source: 'us-state',
        lang: 'en',
        title: 'Energy security talks',
        body: 'The ministers discussed energy security.',
        published: '2023-12-01T00:00:00Z',
      }),
    ]);
  }
  return {
    meili,
    key,
    host,
    close: async () => {
      meili.resume();
      await meili.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
