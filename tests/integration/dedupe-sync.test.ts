/** A republished release replaces the earlier one in the real index, not doubles it. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Archive } from '../../src/archive/archive.js';
import { createRelease } from '../../src/domain/create-release.js';
import { syncArchiveToIndex } from '../../src/indexing/sync.js';
import { createTestIndex, deleteIndex, testClient } from '../helpers/meili.js';

const client = testClient();
let uid: string;
const archive = new Archive(':memory:');

beforeAll(async () => {
  uid = await createTestIndex(client, 'dedupe');
});

afterAll(async () => {
  archive.close();
  await deleteIndex(client, uid);
});

const body =
  'The Secretary spoke with the Foreign Minister of Kazakhstan about energy security, transit routes across the Caspian Sea and the next round of strategic dialogue in Astana, which both sides agreed to hold in the spring.';

it('removes the earlier copy from the index when a near-duplicate replaces it', async () => {
  const first = createRelease({
    url: 'https://www.state.gov/secretary-call-kazakhstan/',
    source: 'us-state',
    lang: 'en',
    title: 'SECRETARY BLINKEN’S CALL WITH KAZAKHSTANI FOREIGN MINISTER',
    body,
    published: '2022-03-01T15:00:00Z',
  });
  archive.releases.save(first, first.url);
  expect(await syncArchiveToIndex(archive, client, uid)).toMatchObject({ indexed: 1, removed: 0 });

  const republished = createRelease({
    url: 'https://www.state.gov/secretary-blinkens-call-with-kazakhstani-foreign-minister/',
    source: 'us-state',
    lang: 'en',
    title: 'Secretary Blinken’s Call with Kazakhstani Foreign Minister',
    body,
    published: '2022-03-01T16:30:00Z',
  });
  expect(archive.releases.save(republished, republished.url)).toBe('new');
  expect(await syncArchiveToIndex(archive, client, uid)).toMatchObject({
    indexed: 1,
    removed: 1,
    pending: 0,
  });

  const { results } = await client.index(uid).getDocuments({ fields: ['id'], limit: 10 });
  expect(results.map((d) => d.id)).toEqual([republished.id]);
  // Nothing left to do on the next sync.
  expect(await syncArchiveToIndex(archive, client, uid)).toMatchObject({ indexed: 0, removed: 0 });
});
