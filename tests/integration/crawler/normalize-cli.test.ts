/**
 * `npm run normalize` as people use it: after a crawl, the sites are gone,
 * a stored release is out of date (as if an older normalizer made it), and
 * the command rebuilds it from the archived raw pages and re-indexes it.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PressRelease } from '../../../src/domain/release.js';
import { fromMeiliDocument } from '../../../src/indexing/document.js';
import { importJsonLines } from '../../../src/ingest/jsonl.js';
import { waitForTask } from '../../../src/meili/tasks.js';
import { meiliEnv, spawnCli } from '../../helpers/cli.js';
import { CrawlHarness } from '../../helpers/crawl.js';
import { createTestIndex, deleteIndex, testClient } from '../../helpers/meili.js';
import { type KzReplica, startKzMfaReplica } from '../../replicas/kz-mfa.js';

const client = testClient();
let uid: string;
let harness: CrawlHarness;
let replica: KzReplica;

async function normalize(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return spawnCli('crawler/normalize-cli.ts', args, { ...meiliEnv(uid), DATA_DIR: harness.dir })
    .done;
}

beforeAll(async () => {
  uid = await createTestIndex(client, 'normalize-cli');
  harness = await CrawlHarness.create();
  replica = await startKzMfaReplica();
  await harness.crawl({
    sources: ['kz-mfa'],
    replicas: { 'kz-mfa': replica.baseUrl },
    index: { client, uid },
  });
  // Nothing may be fetched from now on.
  await replica.close();
}, 120_000);

afterAll(async () => {
  await deleteIndex(client, uid);
  await harness.close();
});

it('rebuilds releases from the archive without the network and re-indexes what changed', async () => {
  const releases = harness.count('SELECT COUNT(*) AS n FROM releases');
  expect(releases).toBeGreaterThan(100);
  const row = harness.archive.db
    .prepare('SELECT id, json FROM releases ORDER BY id LIMIT 1')
    .get() as {
    id: string;
    json: string;
  };
  const good = JSON.parse(row.json) as PressRelease;
  // What an older, worse normalizer might have stored and indexed.
  const stale = { ...good, title: 'STALE TITLE', countries: [], contentHash: 'f'.repeat(64) };
  harness.archive.db
    .prepare('UPDATE releases SET json = ?, content_hash = ?, indexed_hash = ? WHERE id = ?')
    .run(JSON.stringify(stale), stale.contentHash, stale.contentHash, row.id);
  await waitForTask(
    client,
    client.index(uid).updateDocuments([
      {
        id: row.id,
        contentHash: stale.contentHash,
        title_ru: 'STALE TITLE',
        title_kk: 'STALE TITLE',
        title_en: 'STALE TITLE',
      },
    ]),
  );

  const { code, stderr } = await normalize(['--source', 'kz-mfa']);
  expect(code, stderr).toBe(0);
  expect(stderr).toMatch(/kz-mfa\s+\d+\s+0\s+1\s+\d+/);
  expect(stderr).toContain('index: 1 releases sent (0 new, 1 updated)');

  const restored = JSON.parse(
    (
      harness.archive.db.prepare('SELECT json FROM releases WHERE id = ?').get(row.id) as {
        json: string;
      }
    ).json,
  ) as PressRelease;
  expect(restored.title).toBe(good.title);
  expect(restored.countries).toEqual(good.countries);
  const indexed = fromMeiliDocument(await client.index(uid).getDocument(row.id));
  expect(indexed.title).toBe(good.title);
  expect(harness.count('SELECT COUNT(*) AS n FROM releases')).toBe(releases);
});

it('rebuilds imported releases too: every source in the archive by default', async () => {
  const file = path.join(harness.dir, 'imported.jsonl');
  await writeFile(
    file,
    `${JSON.stringify({
      url: 'https://import.example/r/1',
      title: 'Minister of Foreign Affairs of Kazakhstan visits Vienna',
      text: 'The Minister of Foreign Affairs of Kazakhstan met the Foreign Minister of Austria in Vienna to discuss energy and transit.',
      published: '2024-02-01',
    })}\n`,
  );
  await importJsonLines(file, {
    archive: harness.archive,
    client,
    indexUid: uid,
    defaults: { source: 'imported-test' },
  });
  const row = harness.archive.db
    .prepare("SELECT id, json FROM releases WHERE source = 'imported-test'")
    .get() as { id: string; json: string };
  const good = JSON.parse(row.json) as PressRelease;
  const stale = { ...good, countries: [], contentHash: 'e'.repeat(64) };
  harness.archive.db
    .prepare('UPDATE releases SET json = ?, content_hash = ? WHERE id = ?')
    .run(JSON.stringify(stale), stale.contentHash, row.id);

  const { code, stderr } = await normalize([]);
  expect(code, stderr).toBe(0);
  expect(stderr).toMatch(/imported-test\s+1\s+0\s+1\s+0/);
  const restored = JSON.parse(
    (
      harness.archive.db.prepare('SELECT json FROM releases WHERE id = ?').get(row.id) as {
        json: string;
      }
    ).json,
  ) as PressRelease;
  expect(restored.countries).toEqual(['AT', 'KZ']);
});

it('explains its options and rejects unknown sources', async () => {
  const unknown = await normalize(['--source', 'xx-mfa']);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('Unknown source "xx-mfa"');
});
