import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteQueueClient } from '../../../crawler/crawl/queue-storage.js';
import { Archive } from '../../../src/archive/archive.js';
import { MIGRATIONS, migrate } from '../../../src/archive/migrations.js';
import { createRelease } from '../../../src/domain/create-release.js';

let dir: string;
let archive: Archive;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'archive-test-'));
  archive = new Archive(path.join(dir, 'archive.db'));
});

afterEach(async () => {
  archive.close();
  await rm(dir, { recursive: true, force: true });
});

const release = (body: string) =>
  createRelease({
    url: 'https://www.state.gov/a/',
    source: 'us-state',
    lang: 'en',
    title: 'A',
    body,
    published: '2022-01-01T00:00:00Z',
  });

describe('archive', () => {
  it('applies versioned migrations once, and refuses a newer schema', () => {
    const versions = archive.db.prepare('SELECT version FROM schema_migrations').all();
    expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    expect(migrate(archive.db)).toEqual([]);
    archive.db.prepare("INSERT INTO schema_migrations VALUES (99, 'future', 'x')").run();
    expect(() => migrate(archive.db)).toThrow(/schema version 99, newer than this code knows/);
  });

  it('tells new, changed and unchanged items and releases apart', () => {
    const item = {
      source: 'us-state',
      url: 'https://www.state.gov/a/',
      format: 'feed-item' as const,
      text: '<item/>',
      hash: 'h1',
      fetchedAt: new Date().toISOString(),
    };
    expect(archive.items.upsert(item)).toBe('new');
    expect(archive.items.upsert(item)).toBe('unchanged');
    expect(archive.items.upsert({ ...item, hash: 'h2' })).toBe('changed');
    expect(archive.items.pending('us-state')).toHaveLength(1);
    archive.items.recordNormalized('us-state', item.url, 'h2', { releaseId: release('x').id });
    expect(archive.items.pending('us-state')).toHaveLength(0);
    expect(archive.releases.save(release('one'), item.url)).toBe('new');
    expect(archive.releases.save(release('one'), item.url)).toBe('unchanged');
    expect(archive.releases.save(release('two'), item.url)).toBe('updated');
  });

  it('keeps a release pending for the index until indexing succeeds', () => {
    const r = release('one');
    archive.releases.save(r, r.url);
    expect(archive.releases.toIndex().map((x) => x.id)).toEqual([r.id]);
    archive.releases.markIndexFailed([r.id], 'Meilisearch down');
    expect(archive.releases.pendingIndexCount()).toBe(1);
    expect(archive.db.prepare('SELECT index_attempts, index_error FROM releases').get()).toEqual({
      index_attempts: 1,
      index_error: 'Meilisearch down',
    });
    archive.releases.markIndexed([r]);
    expect(archive.releases.pendingIndexCount()).toBe(0);
    archive.releases.save(release('two'), r.url);
    expect(archive.releases.pendingIndexCount()).toBe(1);
  });

  it('takes over the lease of a process that is gone, not of a live one', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid as number;
    expect(archive.leases.acquire('cn-mfa', dead)).toEqual({ ok: true, takenOver: false });
    expect(archive.leases.acquire('cn-mfa')).toEqual({ ok: true, takenOver: true });
    const other = new Archive(path.join(dir, 'archive.db'));
    try {
      expect(other.leases.acquire('cn-mfa', process.ppid)).toMatchObject({
        ok: false,
        pid: process.pid,
      });
    } finally {
      other.close();
    }
  });

  it('stores request queues so a new process can take over locked requests', async () => {
    const db = new Database(path.join(dir, 'archive.db'));
    try {
      db.prepare("INSERT INTO crawl_queues VALUES ('q1', 'run-1', 'x', 'x', 'x')").run();
      const queue = new SqliteQueueClient(db, 'q1');
      await queue.batchAddRequests([
        { url: 'https://a.example/1', uniqueKey: 'https://a.example/1' },
        { url: 'https://a.example/2', uniqueKey: 'https://a.example/2' },
      ]);
      expect(
        (await queue.addRequest({ url: 'https://a.example/1', uniqueKey: 'https://a.example/1' }))
          .wasAlreadyPresent,
      ).toBe(true);
      const head = await queue.listAndLockHead({ limit: 1, lockSecs: 60 });
      expect(head.items.map((i) => i.url)).toEqual(['https://a.example/1']);
      expect(
        (await queue.listAndLockHead({ limit: 5, lockSecs: 60 })).items.map((i) => i.url),
      ).toEqual(['https://a.example/2']);
      expect((await queue.listAndLockHead({ limit: 5, lockSecs: 60 })).queueHasLockedRequests).toBe(
        true,
      );
      // The process holding the locks is killed; the next one releases them and sees both again.
      expect(queue.releaseAllLocks()).toBe(2);
      const again = await queue.listAndLockHead({ limit: 5, lockSecs: 60 });
      expect(again.items).toHaveLength(2);
      const first = (await queue.getRequest(again.items[0]!.id)) as {
        id: string;
        url: string;
        uniqueKey: string;
      };
      await queue.updateRequest({ ...first, handledAt: new Date().toISOString() });
      expect(await queue.get()).toMatchObject({
        totalRequestCount: 2,
        handledRequestCount: 1,
        pendingRequestCount: 1,
      });
    } finally {
      db.close();
    }
  });
});
