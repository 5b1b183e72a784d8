/**
 * The relevance harness: judgments in, nDCG@10, recall@10 and MRR@10 out,
 * for this service's search and for a plain Meilisearch index (default
 * settings, one text field) over the same documents.
 */
import type { Meilisearch } from 'meilisearch';
import { buildIndexSettings } from '../../index-config/settings.js';
import { indexReleases } from '../../src/indexing/indexer.js';
import { applySettings } from '../../src/indexing/settings.js';
import { waitForTask } from '../../src/meili/tasks.js';
import { searchParamsSchema, toSearchQuery } from '../../src/search/params.js';
import { SearchService } from '../../src/search/service.js';
import type { CorpusRelease } from './corpus.js';
import { type Judgment, refKey } from './judgments.js';

export { type Judgment, loadJudgments } from './judgments.js';

export const CUTOFF = 10;

export interface Scores {
  ndcg: number;
  recall: number;
  mrr: number;
}

/** Scores of one ranked list of document keys against a judgment. */
export function score(ranked: string[], judgment: Judgment): Scores {
  const grades = new Map(judgment.relevant.map((r) => [refKey(r.ref), r.grade]));
  const top = ranked.slice(0, CUTOFF);
  const dcg = top.reduce((sum, key, i) => sum + (grades.get(key) ?? 0) / Math.log2(i + 2), 0);
  const ideal = [...grades.values()]
    .sort((a, b) => b - a)
    .slice(0, CUTOFF)
    .reduce((sum, grade, i) => sum + grade / Math.log2(i + 2), 0);
  const found = top.filter((key) => grades.has(key)).length;
  const first = top.findIndex((key) => grades.has(key));
  return {
    ndcg: ideal > 0 ? dcg / ideal : 0,
    recall: found / grades.size,
    mrr: first >= 0 ? 1 / (first + 1) : 0,
  };
}

export function mean(scores: Scores[]): Scores {
  const n = Math.max(1, scores.length);
  return {
    ndcg: scores.reduce((s, x) => s + x.ndcg, 0) / n,
    recall: scores.reduce((s, x) => s + x.recall, 0) / n,
    mrr: scores.reduce((s, x) => s + x.mrr, 0) / n,
  };
}

export type Searcher = (query: string) => Promise<string[]>;

/** This service's index and search, answering with ranked document keys. */
export async function serviceSearcher(
  client: Meilisearch,
  uid: string,
  corpus: CorpusRelease[],
): Promise<Searcher> {
  await applySettings(client, uid, buildIndexSettings());
  await indexReleases(
    client,
    uid,
    corpus.map((c) => c.release),
  );
  const keyOf = new Map(corpus.map((c) => [c.release.id, c.key]));
  const search = new SearchService(client, uid);
  return async (q) => {
    const result = await search.search(
      toSearchQuery(searchParamsSchema.parse({ q, perPage: String(CUTOFF) })),
    );
    return result.hits.map((h) => keyOf.get(h.id) ?? h.id);
  };
}

/** The baseline: Meilisearch with default settings and one text field per document. */
export async function plainSearcher(
  client: Meilisearch,
  uid: string,
  corpus: CorpusRelease[],
): Promise<Searcher> {
  await waitForTask(client, client.createIndex(uid, { primaryKey: 'id' }));
  const docs = corpus.map((c) => ({
    id: c.release.id,
    text: [c.release.title, c.release.lead, c.release.body].join('\n\n'),
  }));
  const task = await waitForTask(client, client.index(uid).addDocuments(docs), 600_000);
  if (task.status !== 'succeeded') throw new Error(`plain index: ${task.error?.message}`);
  const keyOf = new Map(corpus.map((c) => [c.release.id, c.key]));
  return async (q) => {
    const result = await client
      .index(uid)
      .search(q, { limit: CUTOFF, attributesToRetrieve: ['id'] });
    return result.hits.map((h) => keyOf.get(String(h.id)) ?? String(h.id));
  };
}

export interface Evaluation {
  perQuery: { judgment: Judgment; scores: Scores; ranked: string[] }[];
  byLang: Record<string, Scores & { queries: number }>;
  all: Scores & { queries: number };
}

export async function evaluate(judgments: Judgment[], search: Searcher): Promise<Evaluation> {
  const perQuery: Evaluation['perQuery'] = [];
  for (const judgment of judgments) {
    const ranked = await search(judgment.query);
    perQuery.push({ judgment, ranked, scores: score(ranked, judgment) });
  }
  const byLang: Evaluation['byLang'] = {};
  for (const lang of [...new Set(judgments.map((j) => j.lang))]) {
    const scores = perQuery.filter((p) => p.judgment.lang === lang).map((p) => p.scores);
    byLang[lang] = { ...mean(scores), queries: scores.length };
  }
  return {
    perQuery,
    byLang,
    all: { ...mean(perQuery.map((p) => p.scores)), queries: perQuery.length },
  };
}

/** Every judged reference must be a document of the collection. */
export function missingRefs(judgments: Judgment[], corpus: CorpusRelease[]): string[] {
  const keys = new Set(corpus.map((c) => c.key));
  return judgments.flatMap((j) =>
    j.relevant
      .map((r) => refKey(r.ref))
      .filter((k) => !keys.has(k))
      .map((k) => `${j.id}: ${k}`),
  );
}
