/** A stored release that no longer fits the contract is refused, not a failure of its neighbours. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Archive } from '../../../src/archive/archive.js';
import { createRelease } from '../../../src/domain/create-release.js';

let archive: Archive;

beforeEach(() => {
  archive = new Archive(':memory:');
});

afterEach(() => {
  archive.close();
});

const release = (n: number) =>
  createRelease({
    url: `https://mfa.example/r/${n}`,
    source: 'test',
    lang: 'en',
    title: `Release ${n}`,
    body: `Body of release ${n}, about trade figures ${n * 7919} and ${n * 104729}.`,
    published: '2024-01-01T00:00:00Z',
  });

it('refuses a stored release that does not parse, and hands out the others', () => {
  const [a, b, c] = [release(1), release(2), release(3)];
  for (const r of [a, b, c]) archive.releases.save(r, r.url);
  archive.db
    .prepare('UPDATE releases SET json = ? WHERE id = ?')
    .run(JSON.stringify({ ...b, lang: 'english' }), b.id);

  expect(
    archive.releases
      .toIndex()
      .map((r) => r.id)
      .sort(),
  ).toEqual([a.id, c.id].sort());
  expect(archive.releases.refused()).toMatchObject([
    { id: b.id, code: 'INVALID_RELEASE', reason: expect.stringContaining('lang') },
  ]);
  expect(archive.releases.pendingIndexCount()).toBe(2);
  expect(archive.releases.refusedCount()).toBe(1);
  // Its content changes: it is handed out again.
  const changed = createRelease({ ...b, title: 'Release 2, corrected' });
  archive.releases.save(changed, changed.url);
  expect(archive.releases.toIndex().map((r) => r.id)).toContain(b.id);
  expect(archive.releases.refusedCount()).toBe(0);
});
