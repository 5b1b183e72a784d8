/**
 * `importJsonLines` takes the crawl's path through a real archive file into a
 * real Meilisearch: lines become raw items, the one normalizer makes releases
 * (near-duplicates replaced), bad lines are reported with codes, and a
 * release Meilisearch refuses is isolated from its batch and kept, with its
 * code and reason, until its content changes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { normalizeWithSource } from '../../crawler/sources/index.js';
import { Archive } from '../../src/archive/archive.js';
import { createRelease } from '../../src/domain/create-release.js';
import { releaseIdFor } from '../../src/domain/ids.js';
import { syncArchiveToIndex } from '../../src/indexing/sync.js';
import { importJsonLines } from '../../src/ingest/jsonl.js';
import { type NormalizeCounts, normalizePending } from '../../src/ingest/pipeline.js';
import { NEWS_SOURCE } from '../../src/ingest/seed.js';
import { silentLogger } from '../../src/log.js';
import { createMeiliClient } from '../../src/meili/client.js';
import { readNewsTexts } from '../helpers/corpus.js';
import { createTestIndex, deleteIndex, testClient } from '../helpers/meili.js';
import { sharedPath } from '../helpers/shared.js';

const client = testClient(30_000);
let uid: string;
let dir: string;
let archive: Archive;

beforeAll(async () => {
  uid = await createTestIndex(client, 'import-archive');
  dir = await mkdtemp(path.join(tmpdir(), 'import-archive-'));
  archive = new Archive(path.join(dir, 'archive.db'));
});

afterAll(async () => {
  archive?.close();
  await deleteIndex(client, uid);
  await rm(dir, { recursive: true, force: true });
});

const document = (url: string) =>
  client
    .index(uid)
    .getDocument(releaseIdFor(url))
    .then(
      (d) => d as Record<string, unknown>,
      () => undefined,
    );

async function writeLines(name: string, lines: (object | string)[]): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(
    file,
    `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`,
  );
  return file;
}

const TEXT =
  'The Minister of Foreign Affairs of Kazakhstan met the Foreign Minister of Hungary in Astana. They discussed energy cooperation, transit routes across the Caspian Sea, the protection of investments and a new air connection between the two capitals, due to open in the spring.';

describe('the import path', () => {
  it('archives lines as items of their source, replaces near-duplicates, reports bad lines', async () => {
    const file = await writeLines('mixed.jsonl', [
      {
        url: 'https://mfa.example/r/1',
        title: 'Talks in Astana',
        text: TEXT,
        published: '2024-02-01',
      },
      // Republished the next day under another URL with one word changed: replaces line 1.
      {
        url: 'https://mfa.example/r/1-corrected',
        title: 'Talks in Astana',
        text: TEXT.replace('spring', 'summer'),
        published: '2024-02-02',
      },
      '{"url": "https://mfa.example/r/3", "title": ',
      { url: 'https://mfa.example/r/4', title: 'x', text: 'y', published: '1' },
      { url: 'https://mfa.example/r/5', title: 'x', text: 'y', published: '2024-02-30' },
      { url: 'https://mfa.example/r/6', title: 'x', html: '<script>only()</script>' },
      { url: 'https://mfa.example/r/7', title: 'Undated note', text: 'A note on energy talks.' },
      // A lone surrogate (as a JSON escape) is made well formed; the line is imported.
      `{"url": "https://mfa.example/r/8", "title": "Broken \\ud800 title", "text": ${JSON.stringify(
        TEXT.replace('Hungary', 'Austria'),
      )}, "published": "2024-03-01"}`,
    ]);
    const report = await importJsonLines(file, {
      archive,
      client,
      indexUid: uid,
      defaults: { source: 'test-import' },
    });
    expect(report.bad.map((b) => [b.line, b.code])).toEqual([
      [3, 'INVALID_JSON'],
      [4, 'INVALID_DATE'],
      [5, 'INVALID_DATE'],
      [6, 'EMPTY_CONTENT'],
    ]);
    expect(report.items).toEqual({ new: 5, changed: 0, unchanged: 0 });
    expect(report.releases).toMatchObject({ releasesNew: 4, errors: { EMPTY_CONTENT: 1 } });
    expect(report.index).toMatchObject({ indexed: 3, refused: 0, pending: 0 });

    const items = archive.db
      .prepare("SELECT url, format, state FROM items WHERE source = 'test-import' ORDER BY url")
      .all();
    expect(items).toHaveLength(5);
    expect(items.every((i) => (i as { format: string }).format === 'record')).toBe(true);
    expect(await document('https://mfa.example/r/1')).toBeUndefined();
    expect(await document('https://mfa.example/r/1-corrected')).toMatchObject({ lang: 'en' });
    expect(await document('https://mfa.example/r/7')).toMatchObject({
      published: null,
      datePrecision: 'unknown',
    });
    expect((await document('https://mfa.example/r/8'))?.title_en).toBe('Broken \uFFFD title');

    // The same file again changes nothing and reports the same bad lines.
    const again = await importJsonLines(file, {
      archive,
      client,
      indexUid: uid,
      defaults: { source: 'test-import' },
    });
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 5 });
    expect(again.bad.map((b) => b.code)).toEqual(report.bad.map((b) => b.code));

    // `npm run normalize` rebuilds imported releases from the archive alone.
    expect(archive.items.resetNormalized('test-import')).toBe(5);
    const counts = { releasesNew: 0, releasesUpdated: 0, releasesUnchanged: 0, errors: {} };
    await normalizePending(archive, 'test-import', normalizeWithSource, counts, {
      logger: silentLogger,
    });
    expect(counts).toEqual({
      releasesNew: 0,
      releasesUpdated: 0,
      releasesUnchanged: 4,
      errors: { EMPTY_CONTENT: 1 },
    });
  });

  it('normalizes batch by batch, letting other work run between batches, and stops when aborted', async () => {
    expect(archive.items.resetNormalized('test-import')).toBe(5);
    const counts: NormalizeCounts = {
      releasesNew: 0,
      releasesUpdated: 0,
      releasesUnchanged: 0,
      errors: {},
    };
    const stop = new AbortController();
    let otherWork = 0;
    const seenAtProgress: number[] = [];
    setImmediate(() => otherWork++);
    await normalizePending(archive, 'test-import', normalizeWithSource, counts, {
      logger: silentLogger,
      batchSize: 2,
      signal: stop.signal,
      onProgress: () => {
        seenAtProgress.push(otherWork);
        if (seenAtProgress.length === 2) stop.abort();
      },
    });
    // The first batch ran at once; the work queued before it ran before the second.
    expect(seenAtProgress).toEqual([0, 1]);
    // Aborted after two batches: the fifth item is still pending, not lost.
    expect(archive.items.pending('test-import', 10)).toHaveLength(1);
    await normalizePending(archive, 'test-import', normalizeWithSource, counts, {
      logger: silentLogger,
    });
    expect(archive.items.pending('test-import', 10)).toHaveLength(0);
    expect(counts.releasesUnchanged + Object.values(counts.errors).reduce((a, b) => a + b, 0)).toBe(
      5,
    );
  });

  it('imports the news texts: titles derived, date stamps taken, otherwise undated', async () => {
    const news = readNewsTexts();
    const report = await importJsonLines(sharedPath('corpus', 'mfa-news-ru-kk', 'texts.jsonl'), {
      archive,
      client,
      indexUid: uid,
      defaults: { source: NEWS_SOURCE },
    });
    expect(report.bad).toEqual([]);
    expect(report.items.new).toBe(news.length);
    const stamped = news.filter((n) => /^\s*date \d{4}-\d{2}-\d{2}/.test(n.text));
    expect(stamped.length).toBeGreaterThan(0);
    let checked = 0;
    for (const item of stamped) {
      const stored = await document(item.url);
      if (!stored) continue; // replaced by a near-duplicate of another text
      const day = /date (\d{4}-\d{2}-\d{2})/.exec(item.text)?.[1];
      expect(stored.published).toMatch(new RegExp(`^${day}`));
      expect(String(stored[`body_${item.lang}`])).not.toMatch(/^date /);
      checked++;
    }
    // Near-duplicates aside, the stamped texts were indexed and checked.
    expect(checked).toBeGreaterThan(stamped.length / 2);
    const untitled = news.find((n) => n.title === null && !/^\s*date /.test(n.text));
    const stored = untitled && (await document(untitled.url));
    expect(stored?.[`title_${untitled?.lang}`]).toEqual(expect.any(String));
  });

  it('imports the seed release text file as one undated Russian release', async () => {
    const report = await importJsonLines(sharedPath('fixtures', 'kazakhstan-today-seed.txt'), {
      archive,
      client,
      indexUid: uid,
      defaults: { source: 'kazakhstan-today', lang: 'ru' },
    });
    expect(report).toMatchObject({ bad: [], items: { new: 1 }, index: { added: 1 } });
    const row = archive.db
      .prepare("SELECT json FROM releases WHERE source = 'kazakhstan-today'")
      .get() as { json: string };
    const release = JSON.parse(row.json) as { lang: string; dateline: string; ministers: string[] };
    // "1 декабря" has no year, and the import's time says nothing of it: no year is made up.
    expect(release).toMatchObject({ lang: 'ru', dateline: 'Чэнду', published: null });
    expect(release.ministers).toContain('wang-yi');
  });
});

describe('a release Meilisearch refuses', () => {
  const good = (n: number) =>
    createRelease({
      url: `https://refuse.example/r/${n}`,
      source: 'test-refuse',
      lang: 'en',
      title: `Statement number ${n}`,
      body: `Statement ${n} on trade routes, number ${n * 7919}, with figures ${n * 104729}.`,
      published: `2023-01-${String((n % 28) + 1).padStart(2, '0')}T10:00:00Z`,
    });

  it('is isolated from its batch, kept with its code, and sent again only once it changes', async () => {
    // Written by a version of the archive from before text was made well formed.
    const broken = { ...good(0), body: 'A lone surrogate \uD800 Meilisearch will not parse.' };
    const releases = [...Array.from({ length: 40 }, (_, i) => good(i + 1)), broken];
    for (const r of releases) archive.releases.save(r, r.url);

    const report = await syncArchiveToIndex(archive, client, uid, { batchSize: 16 });
    expect(report).toMatchObject({ indexed: 40, refused: 1, pending: 0 });
    expect(report.error).toBeUndefined();
    const [refused] = archive.releases.refused(10, 'test-refuse');
    expect(refused).toMatchObject({ id: broken.id, contentHash: broken.contentHash });
    expect(refused?.code).toMatch(/\S/);
    expect(refused?.reason).toMatch(/hex escape/);
    expect(archive.releases.refusedCount('test-refuse')).toBe(1);
    expect(await document(broken.url)).toBeUndefined();
    expect(await document(good(17).url)).toBeDefined();

    // Not retried while it is the same.
    expect(await syncArchiveToIndex(archive, client, uid)).toMatchObject({
      indexed: 0,
      refused: 0,
      pending: 0,
    });
    // Its content changes (re-normalized, well formed): it is sent and indexed.
    const fixed = createRelease({ ...good(0), title: good(0).title, body: broken.body });
    archive.releases.save(fixed, fixed.url);
    expect(await syncArchiveToIndex(archive, client, uid)).toMatchObject({
      indexed: 1,
      refused: 0,
    });
    expect(archive.releases.refusedCount('test-refuse')).toBe(0);
    expect(await document(fixed.url)).toBeDefined();
  });

  it('is not confused with Meilisearch being down: then everything stays pending', async () => {
    const release = good(99);
    archive.releases.save(release, release.url);
    const down = createMeiliClient({
      host: 'http://127.0.0.1:9',
      apiKey: inject('meiliKey'),
      timeoutMs: 500,
    });
    const report = await syncArchiveToIndex(archive, down, uid);
    expect(report.error).toBeDefined();
    expect(report).toMatchObject({ indexed: 0, refused: 0, pending: 1 });
    expect(archive.releases.refusedCount('test-refuse')).toBe(0);
    expect(await syncArchiveToIndex(archive, client, uid)).toMatchObject({
      indexed: 1,
      pending: 0,
    });
  });
});
