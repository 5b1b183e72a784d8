/** Index settings applied to a real Meilisearch and read back. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildIndexSettings, searchableAttributes } from '../../index-config/settings.js';
import { applySettings, differingSettings } from '../../src/indexing/settings.js';
import { waitForTask } from '../../src/meili/tasks.js';
import { deleteIndex, testClient, uniqueIndexUid } from '../helpers/meili.js';

const client = testClient();
const uid = uniqueIndexUid('settings');
const wanted = buildIndexSettings();

beforeAll(async () => {
  await applySettings(client, uid, wanted);
});

afterAll(async () => {
  await deleteIndex(client, uid);
});

it('reads back exactly the configured settings', async () => {
  const actual = await client.index(uid).getSettings();
  expect(differingSettings(wanted, actual)).toEqual([]);
  expect(actual.searchableAttributes).toEqual(searchableAttributes);
  expect(actual.searchableAttributes?.indexOf('title_ru')).toBeLessThan(
    actual.searchableAttributes?.indexOf('lead_ru') ?? -1,
  );
  expect(actual.searchableAttributes?.indexOf('lead_en')).toBeLessThan(
    actual.searchableAttributes?.indexOf('body_en') ?? -1,
  );
  expect([...(actual.filterableAttributes ?? [])].sort()).toEqual(
    [
      'countries',
      'lang',
      'ministers',
      'publishedTs',
      'source',
      'year',
      'month',
      'translationGroup',
      'docVersion',
    ].sort(),
  );
  expect(actual.sortableAttributes).toEqual(['publishedTs']);
  expect(actual.pagination?.maxTotalHits).toBe(wanted.pagination?.maxTotalHits);
  expect(actual.faceting?.maxValuesPerFacet).toBe(1000);
  expect([...(actual.typoTolerance?.disableOnAttributes ?? [])].sort()).toEqual([
    'aliases',
    'stemBody',
    'stemBodyKk',
    'stemTitle',
    'stemTitleKk',
  ]);
  expect(actual.synonyms?.zzccn).toContain('中国');
  expect(actual.typoTolerance?.minWordSizeForTypos).toEqual({ oneTypo: 5, twoTypos: 9 });
  expect(actual.localizedAttributes).toContainEqual({
    attributePatterns: ['*_zh'],
    locales: ['cmn'],
  });
  expect(actual.synonyms?.сша).toContain('соединенные штаты');
  expect(actual.stopWords).toContain('и');
});

it('sends nothing when the settings already match', async () => {
  const before = await client.tasks.getTasks({ indexUids: [uid], limit: 100 });
  const result = await applySettings(client, uid, wanted);
  expect(result.changed).toEqual([]);
  const after = await client.tasks.getTasks({ indexUids: [uid], limit: 100 });
  expect(after.results.length).toBe(before.results.length);
});

it('sends only what differs', async () => {
  await waitForTask(client, client.index(uid).updateSettings({ sortableAttributes: [] }));
  const result = await applySettings(client, uid, wanted);
  expect(result.changed).toEqual(['sortableAttributes']);
  expect((await client.index(uid).getSettings()).sortableAttributes).toEqual(['publishedTs']);
});
