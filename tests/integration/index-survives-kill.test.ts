/**
 * Issue 10 item 3: Meilisearch killed with SIGKILL in the middle of an
 * indexing batch. The supervisor restarts it, indexing resumes from the
 * archive, and the index ends equal to the archive (ids and content hashes):
 * nothing lost, nothing doubled. The real process this file started is killed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildIndexSettings } from '../../index-config/settings.js';
import { Archive } from '../../src/archive/archive.js';
import { applySettings } from '../../src/indexing/settings.js';
import { releaseFromLine } from '../../src/ingest/jsonl.js';
import { createMeiliClient } from '../../src/meili/client.js';
import type { EmbeddedMeili } from '../../src/meili/launcher.js';
import { MeiliSupervisor } from '../../src/meili/supervisor.js';
import { IndexSyncRunner, resumeIndexingOnRecovery } from '../../src/ops/index-sync.js';
import { readStateDept } from '../helpers/corpus.js';
import { memoryLogger } from '../helpers/log.js';
import { type OwnMeili, startOwnMeili } from '../helpers/meili.js';

const INDEX = 'survives';
let dir: string;
let own: OwnMeili;
let meili: EmbeddedMeili;
let archive: Archive;
let key: string;

beforeAll(async () => {
  own = await startOwnMeili('index-kill');
  meili = own.meili;
  key = own.key;
  dir = await mkdtemp(path.join(tmpdir(), 'index-kill-archive-'));
  archive = new Archive(path.join(dir, 'archive.db'));
  const fetchedAt = new Date().toISOString();
  for (const record of readStateDept().slice(0, 250)) {
    const release = releaseFromLine({ ...record, source: 'us-state' }, {}, fetchedAt);
    archive.releases.save(release, release.url);
  }
}, 120_000);

afterAll(async () => {
  archive?.close();
  await own?.close();
  await rm(dir, { recursive: true, force: true });
});

/** id → content hash of every document in the index. */
async function indexContents(client: ReturnType<typeof createMeiliClient>) {
  const contents = new Map<string, string>();
  let total = 0;
  for (let offset = 0; ; offset += 1000) {
    const page = await client.index(INDEX).getDocuments<{ id: string; contentHash: string }>({
      fields: ['id', 'contentHash'],
      limit: 1000,
      offset,
    });
    for (const doc of page.results) contents.set(doc.id, doc.contentHash);
    total += page.results.length;
    if (page.results.length < 1000) return { contents, total };
  }
}

it('resumes indexing from the archive after Meilisearch is killed mid-batch, and ends equal to it', {
  timeout: 180_000,
}, async () => {
  const client = createMeiliClient({ host: meili.host, apiKey: key, timeoutMs: 5000 });
  await applySettings(client, INDEX, buildIndexSettings());
  const { logger, lines } = memoryLogger();
  const supervisor = new MeiliSupervisor({
    embedded: meili,
    probe: async () => (await fetch(`${meili.host}/health`).catch(() => undefined))?.ok === true,
    logger,
    restartDelayMs: 200,
    healthIntervalMs: 200,
  });
  supervisor.start();
  const runner = new IndexSyncRunner(archive, client, INDEX, { logger, batchSize: 25 });
  resumeIndexingOnRecovery(supervisor, runner);
  const expected = archive.releases.pendingIndexCount();
  expect(expected).toBeGreaterThan(240);

  const first = runner.run('test');
  // Kill it while Meilisearch is processing a batch of documents.
  let killedPid: number | undefined;
  for (let i = 0; i < 2000 && !killedPid; i++) {
    const tasks = (await fetch(
      `${meili.host}/tasks?statuses=processing&types=documentAdditionOrUpdate`,
      { headers: { authorization: `Bearer ${key}` } },
    ).then((r) => r.json())) as { results: unknown[] };
    if (tasks.results.length > 0) {
      killedPid = meili.pid;
      process.kill(killedPid as number, 'SIGKILL');
    } else await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(killedPid).toBeDefined();
  const interrupted = await first;
  expect(interrupted.error).toBeDefined();
  expect(archive.releases.pendingIndexCount()).toBeGreaterThan(0);

  // The supervisor restarts the engine, and its coming back resumes the sync.
  for (let i = 0; i < 600 && archive.releases.pendingIndexCount() > 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  await runner.idle();
  expect(supervisor.status()).toMatchObject({ state: 'up', restarts: 1 });
  expect(meili.pid).not.toBe(killedPid);
  expect(lines.some((l) => l.msg.includes('Meilisearch is back'))).toBe(true);
  expect(archive.releases.pendingIndexCount()).toBe(0);

  const archived = archive.db
    .prepare('SELECT id, content_hash AS hash FROM releases WHERE superseded_by IS NULL')
    .all() as { id: string; hash: string }[];
  const { contents, total } = await indexContents(client);
  // Nothing doubled: as many documents as distinct ids, as many as the archive holds.
  expect(total).toBe(contents.size);
  expect(total).toBe(archived.length);
  // Nothing lost, nothing stale: the same ids with the same content hashes.
  expect(new Map(archived.map((r) => [r.id, r.hash]))).toEqual(contents);
  await supervisor.stop();
});
