/**
 * A real index of real releases (news texts, the seed fixture, China MFA and
 * State Department pages from ../shared) behind the real API, for search
 * tests. Each test file gets its own index.
 */
import type { Meilisearch } from 'meilisearch';
import { createApp } from '../../src/http/app.js';
import { indexReleases } from '../../src/indexing/indexer.js';
import { SearchService } from '../../src/search/service.js';
import { type CorpusRelease, loadCorpus } from '../relevance/corpus.js';
import { getJson, listen, type RunningServer } from './http.js';
import { createTestIndex, deleteIndex, testClient } from './meili.js';

export interface SearchFixture {
  client: Meilisearch;
  uid: string;
  server: RunningServer;
  corpus: CorpusRelease[];
  api: (path: string) => Promise<{ status: number; body: any }>;
  close: () => Promise<void>;
}

export async function startSearchFixture(
  prefix: string,
  options: { limitPerPart?: number; extra?: CorpusRelease['release'][] } = {},
): Promise<SearchFixture> {
  const client = testClient();
  const uid = await createTestIndex(client, prefix);
  const corpus = loadCorpus({ limitPerPart: options.limitPerPart ?? 40 });
  await indexReleases(client, uid, [...corpus.map((c) => c.release), ...(options.extra ?? [])]);
  const server = await listen(
    createApp({ search: new SearchService(client, uid), settingsApplied: () => true }),
  );
  return {
    client,
    uid,
    server,
    corpus,
    api: (path) => getJson(`${server.baseUrl}${path}`),
    close: async () => {
      await server.close();
      await deleteIndex(client, uid);
    },
  };
}
