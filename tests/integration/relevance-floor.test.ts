/**
 * Keeps this service's relevance above a floor on the judged queries
 * (tests/relevance/judgments.jsonl), per language. To stay quick inside
 * `npm test` the collection is every news text, the seed release, every
 * judged document and the first 150 China MFA pages per language and State
 * Department releases as distractors; `npm run eval` measures the whole
 * collection against a plain index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteIndex, testClient, uniqueIndexUid } from '../helpers/meili.js';
import { loadCorpus } from '../relevance/corpus.js';
import {
  type Evaluation,
  evaluate,
  loadJudgments,
  missingRefs,
  serviceSearcher,
} from '../relevance/harness.js';
import { refKey } from '../relevance/judgments.js';

/**
 * Floors: what this subset measured once tuned (README of tests/relevance),
 * less a margin for ties that Meilisearch may break another way.
 */
const FLOOR: Record<string, { ndcg: number; recall: number; mrr: number }> = {
  ru: { ndcg: 0.85, recall: 0.85, mrr: 0.95 },
  kk: { ndcg: 0.9, recall: 0.9, mrr: 0.95 },
  en: { ndcg: 0.81, recall: 0.85, mrr: 0.85 },
  zh: { ndcg: 0.83, recall: 0.86, mrr: 0.9 },
};

const client = testClient(60_000);
const uid = uniqueIndexUid('relevance');
const judgments = loadJudgments();
let result: Evaluation;

beforeAll(async () => {
  const judged = new Set(judgments.flatMap((j) => j.relevant.map((r) => refKey(r.ref))));
  const corpus = loadCorpus({ limitPerPart: 150, alsoKeep: judged });
  expect(missingRefs(judgments, corpus)).toEqual([]);
  result = await evaluate(judgments, await serviceSearcher(client, uid, corpus));
}, 600_000);

afterAll(async () => {
  await deleteIndex(client, uid);
});

describe('relevance on the judged queries', () => {
  it.each(Object.keys(FLOOR))('%s stays above its floor', (lang) => {
    const figures = result.byLang[lang];
    const floor = FLOOR[lang]!;
    expect(figures, lang).toBeDefined();
    expect(figures!.ndcg).toBeGreaterThanOrEqual(floor.ndcg);
    expect(figures!.recall).toBeGreaterThanOrEqual(floor.recall);
    expect(figures!.mrr).toBeGreaterThanOrEqual(floor.mrr);
  });
});
