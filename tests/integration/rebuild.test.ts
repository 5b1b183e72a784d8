/**
 * Rebuilding the index from the archive into a fresh index and swapping it
 * in, while searches run without pause against the real API: no error, no
 * empty or partial result, changes made during the rebuild kept.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Meilisearch } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndexSettings } from '../../index-config/settings.js';
import { Archive } from '../../src/archive/archive.js';
import type { PressRelease } from '../../src/domain/release.js';
import { createApp } from '../../src/http/app.js';
import { searchResponseSchema } from '../../src/http/schemas.js';
import { toMeiliDocument } from '../../src/indexing/document.js';
import {
  ensureIndexCurrent,
  holdsOlderDocuments,
  type RebuildProgress,
  rebuildIndex,
  rebuildPrefix,
} from '../../src/indexing/rebuild.js';
import { applySettings } from '../../src/indexing/settings.js';
import { waitForTask } from '../../src/meili/tasks.js';
import { SearchService } from '../../src/search/service.js';
import { getJson, listen, type RunningServer } from '../helpers/http.js';
import { deleteIndex, testClient, uniqueIndexUid } from '../helpers/meili.js';
import { loadCorpus } from '../relevance/corpus.js';

let client: Meilisearch;
let archive: Archive;
let dir: string;
let uid: string;
let server: RunningServer;
let releases: PressRelease[];

/** An index as the previous indexer left it: documents without the search-only fields. */
async function createOldIndex(docs: PressRelease[]) {
  const settings = buildIndexSettings();
  await applySettings(client, uid, {
    ...settings,
    filterableAttributes: ['countries', 'ministers', 'source', 'lang', 'year', 'publishedTs'],
    searchableAttributes: (settings.searchableAttributes ?? []).filter((a) => /_/.test(a)),
  });
  const old = docs.map((r) => {
    const {
      docVersion: _v,
      stemTitle: _t,
      stemBody: _b,
      aliases: _a,
      month: _m,
      ...rest
    } = toMeiliDocument(r);
    return rest;
  });
  await waitForTask(client, client.index(uid).addDocuments(old, { primaryKey: 'id' }));
}

beforeAll(async () => {
  client = testClient();
  uid = uniqueIndexUid('rebuild');
  dir = await mkdtemp(path.join(tmpdir(), 'rebuild-'));
  archive = new Archive(path.join(dir, 'archive.db'));
  releases = loadCorpus({ limitPerPart: 30 }).map((c) => c.release);
  for (const r of releases) archive.releases.save(r, r.url);
  server = await listen(
    createApp({ search: new SearchService(client, uid), settingsApplied: () => true }),
  );
}, 300_000);

afterAll(async () => {
  await server?.close();
  archive?.close();
  await deleteIndex(client, uid).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

describe('rebuild without downtime', () => {
  it('is needed for an index of older documents, and then swaps in a fresh one while searches run', async () => {
    const current = archive.releases.currentCount();
    await createOldIndex(releases.slice(0, current));
    expect(await holdsOlderDocuments(client, uid)).toBe(true);
    // What start-up does first, so that the old index answers this code's searches.
    const { filterableAttributes, sortableAttributes } = buildIndexSettings();
    await applySettings(client, uid, { filterableAttributes, sortableAttributes });
    const before = await getJson(`${server.baseUrl}/api/search?q=${encodeURIComponent('министр')}`);
    const minimum = searchResponseSchema.parse(before.body).total;
    expect(minimum).toBeGreaterThan(0);

    // Searches without pause until the rebuild is done.
    let done = false;
    const seen: { status: number; total: number; placeholder: boolean }[] = [];
    const searching = (async () => {
      for (let i = 0; !done; i++) {
        const placeholder = i % 2 === 0;
        const query = placeholder ? '' : `q=${encodeURIComponent('министр')}`;
        const { status, body } = await getJson(
          `${server.baseUrl}/api/search?${query}&distinct=off`,
        );
        seen.push({ status, total: status === 200 ? body.total : -1, placeholder });
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();

    const added = { ...releases[0]!, url: 'https://example.org/added-during-rebuild' };
    const progress: RebuildProgress[] = [];
    const report = await ensureIndexCurrent(archive, client, uid, {
      batchSize: 100,
      onProgress: (p) => progress.push(p),
      beforeSwap: async () => {
        // A release arrives while the fresh index is being filled: it must not be lost.
        const { createRelease } = await import('../../src/domain/create-release.js');
        const release = createRelease({ ...added, title: 'Added during the rebuild' });
        archive.releases.save(release, release.url);
        await new Promise((resolve) => setTimeout(resolve, 200));
      },
    });
    done = true;
    await searching;

    expect(report).toBe('rebuilt');
    expect(seen.length).toBeGreaterThan(5);
    for (const s of seen) {
      expect(s.status).toBe(200);
      if (s.placeholder) expect([current, current + 1]).toContain(s.total);
      else expect(s.total).toBeGreaterThanOrEqual(minimum);
    }
    expect(progress.map((p) => p.phase)).toEqual(
      expect.arrayContaining(['settings', 'indexing', 'catching-up', 'swapping', 'done']),
    );
    expect(progress.at(-1)).toMatchObject({ indexed: current + 1, total: current });

    const stats = await client.index(uid).getStats();
    expect(stats.numberOfDocuments).toBe(current + 1);
    expect(await holdsOlderDocuments(client, uid)).toBe(false);
    const { results } = await client.getIndexes({ limit: 1000 });
    expect(results.filter((i) => i.uid.startsWith(rebuildPrefix(uid)))).toEqual([]);
    expect(archive.releases.pendingIndexCount()).toBe(0);
    const found = await getJson(
      `${server.baseUrl}/api/search?q=${encodeURIComponent('"Added during the rebuild"')}`,
    );
    expect(found.body.total).toBe(1);
  }, 300_000);

  it('leaves a current index alone at start, and rebuilds on demand', async () => {
    expect(await ensureIndexCurrent(archive, client, uid)).toBe('settings-applied');
    const report = await rebuildIndex(archive, client, uid, { batchSize: 100 });
    expect(report.documents).toBe(archive.releases.currentCount());
    expect(report.caughtUp).toBe(0);
  }, 300_000);

  it('leaves withdrawn releases out, and isolates a release the fresh index refuses', async () => {
    const own = new Archive(path.join(dir, 'own.db'));
    const other = uniqueIndexUid('rebuild-out');
    try {
      const [withdrawn, , third] = releases;
      // Written by a version of the archive from before text was made well formed.
      const broken = { ...third!, body: 'A lone surrogate \uD800 Meilisearch will not parse.' };
      const stored = releases.slice(0, 10).map((r) => (r.id === broken.id ? broken : r));
      for (const r of stored) own.releases.save(r, r.url);
      // The page of the first one now answers 410: its release is withdrawn.
      const fetchedAt = new Date().toISOString();
      own.items.upsert({
        source: withdrawn!.source,
        url: withdrawn!.url,
        format: 'record',
        text: '{}',
        hash: 'h',
        fetchedAt,
      });
      own.items.recordNormalized(withdrawn!.source, withdrawn!.url, 'h', {
        releaseId: withdrawn!.id,
      });
      expect(
        own.items.withdraw(withdrawn!.source, withdrawn!.url, {
          code: 'ITEM_GONE',
          message: 'answered 410',
        }),
      ).toBe(withdrawn!.id);

      const first = await rebuildIndex(own, client, other, { batchSize: 4 });
      expect(first).toMatchObject({ documents: stored.length - 2, refused: 1 });
      const ids = (await client.index(other).getDocuments({ fields: ['id'], limit: 100 })).results;
      expect(ids.map((d) => d.id)).not.toContain(withdrawn!.id);
      expect(ids.map((d) => d.id)).not.toContain(broken.id);
      expect(own.releases.refused(10)).toMatchObject([{ id: broken.id }]);
      // The refused version is not sent again; the withdrawn one stays out.
      const second = await rebuildIndex(own, client, other, { batchSize: 4 });
      expect(second).toMatchObject({ documents: stored.length - 2, refused: 0 });
    } finally {
      own.close();
      await deleteIndex(client, other).catch(() => undefined);
    }
  }, 300_000);

  it('creates a missing index, and drops what a crashed rebuild left', async () => {
    const other = uniqueIndexUid('rebuild-new');
    const leftover = `${rebuildPrefix(other)}crashed`;
    await waitForTask(client, client.createIndex(leftover));
    expect(await ensureIndexCurrent(archive, client, other)).toBe('created');
    const report = await rebuildIndex(archive, client, other);
    expect(report.documents).toBe(archive.releases.currentCount());
    const { results } = await client.getIndexes({ limit: 1000 });
    expect(results.map((i) => i.uid)).not.toContain(leftover);
    await deleteIndex(client, other);
  }, 300_000);
});
