/** What metrics and the admin status read from a real archive file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Archive } from '../../src/archive/archive.js';
import { createRelease } from '../../src/domain/create-release.js';
import { archiveFigures } from '../../src/ops/archive-figures.js';

let dir: string;
let archive: Archive;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'figures-'));
  archive = new Archive(path.join(dir, 'archive.db'));
  const topics = ['energy security', 'grain exports', 'visa regime', 'climate finance'];
  topics.forEach((topic, i) => {
    const release = createRelease({
      url: `https://example.org/${i}`,
      source: i < 3 ? 'us-state' : 'kz-mfa',
      lang: 'en',
      title: `Talks on ${topic}`,
      body: `The ministers discussed ${topic} at length, ${i} times over.`,
      published: `2024-0${i + 1}-10T00:00:00Z`,
    });
    archive.releases.save(release, release.url);
  });
});

afterEach(() => {
  archive.close();
  rmSync(dir, { recursive: true, force: true });
});

it('counts releases, pending, failed and the lag of the oldest pending change', () => {
  const [first, second] = archive.releases.toIndex(10);
  archive.releases.markIndexed([first!]);
  archive.releases.markIndexFailed([second!.id], 'Meilisearch did not answer');
  const figures = archiveFigures(archive, Date.now() + 60_000);
  expect(figures).toMatchObject({ releases: 4, pending: 3, indexFailed: 1, refused: 0 });
  expect(figures.indexLagSeconds).toBeGreaterThanOrEqual(60);
  archive.releases.markIndexed(archive.releases.toIndex(10));
  expect(archiveFigures(archive)).toMatchObject({ pending: 0, indexLagSeconds: 0 });
});

it('keeps releases the index refused out of pending when the archive records refusals', () => {
  // The column an archive that records refusals has (a later migration adds it).
  const columns = archive.db.prepare('PRAGMA table_info(releases)').all() as { name: string }[];
  if (!columns.some((c) => c.name === 'refused_hash'))
    archive.db.exec('ALTER TABLE releases ADD COLUMN refused_hash TEXT');
  archive.db
    .prepare("UPDATE releases SET refused_hash = content_hash WHERE url = 'https://example.org/3'")
    .run();
  expect(archiveFigures(archive)).toMatchObject({ releases: 4, pending: 3, refused: 1 });
});

it('sums crawl runs per source', () => {
  const run = archive.runs.start('us-state', ['en'], {});
  archive.runs.finish(run.id, 'completed', { pages: 4, releasesNew: 3, releasesUpdated: 1 });
  const again = archive.runs.start('us-state', ['en'], {});
  archive.runs.finish(again.id, 'completed', { pages: 2, releasesNew: 0, releasesUpdated: 0 });
  archive.runs.recordError({
    runId: again.id,
    source: 'us-state',
    code: 'TIMEOUT',
    message: 'slow',
  });
  expect(archiveFigures(archive).crawl).toEqual([
    { source: 'us-state', pages: 6, releasesNew: 3, releasesUpdated: 1, errors: { TIMEOUT: 1 } },
  ]);
});
