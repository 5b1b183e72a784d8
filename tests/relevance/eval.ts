/**
 * `npm run eval`: indexes the evaluation collection twice in a temporary
 * Meilisearch — with this service's settings, document shape and search, and
 * as a plain index with default settings and one text field — runs every
 * judged query against both and prints nDCG@10, recall@10 and MRR@10 per
 * language side by side. Writes tests/relevance/results/latest.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createMeiliClient } from '../../src/meili/client.js';
import { EmbeddedMeili, resolveMeiliBinary } from '../../src/meili/launcher.js';
import { loadCorpus } from './corpus.js';
import {
  type Evaluation,
  evaluate,
  loadJudgments,
  missingRefs,
  plainSearcher,
  type Scores,
  serviceSearcher,
} from './harness.js';

const HELP = `Usage: npm run eval -- [options]

Relevance of this service's search against a plain Meilisearch index over the
same documents (../shared: ru/kk/en news, State Department, China MFA pages,
the seed fixture), on the judged queries of tests/relevance/judgments.jsonl.

Options:
  --misses         list the queries where this service finds nothing relevant in the top 10
  --service-only   reuse the plain index's figures of the last run (results/latest.json)
  -h, --help       show this help`;

const { values } = parseArgs({
  options: {
    misses: { type: 'boolean' },
    'service-only': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const latestFile = path.join(here, 'results', 'latest.json');

/** The plain index's results of the last full run, when they cover the same queries. */
async function lastPlain(): Promise<{ evaluation: Evaluation; indexSeconds: number } | undefined> {
  const saved = JSON.parse(await readFile(latestFile, 'utf8').catch(() => '{}')) as {
    plain?: {
      byLang: Evaluation['byLang'];
      all: Evaluation['all'];
      indexSeconds: number;
      perQuery?: { id: string; scores: Scores; ranked: string[] }[];
    };
  };
  const perQuery = saved.plain?.perQuery;
  if (!saved.plain || !perQuery || perQuery.length !== judgments.length) return undefined;
  const byId = new Map(perQuery.map((p) => [p.id, p]));
  if (!judgments.every((j) => byId.has(j.id))) return undefined;
  return {
    indexSeconds: saved.plain.indexSeconds,
    evaluation: {
      byLang: saved.plain.byLang,
      all: saved.plain.all,
      perQuery: judgments.map((judgment) => ({
        judgment,
        scores: byId.get(judgment.id)!.scores,
        ranked: byId.get(judgment.id)!.ranked,
      })),
    },
  };
}
const judgments = loadJudgments();
console.error(`reading the collection…`);
const corpus = loadCorpus();
const missing = missingRefs(judgments, corpus);
if (missing.length > 0) {
  console.error(`judged documents missing from the collection:\n${missing.join('\n')}`);
  process.exit(2);
}
const dir = await mkdtemp(path.join(tmpdir(), 'relevance-'));
const apiKey = randomBytes(24).toString('hex');
const meili = new EmbeddedMeili({
  binary: await resolveMeiliBinary({ explicit: process.env.MEILI_BINARY, dataDir: dir }),
  dataDir: dir,
  masterKey: apiKey,
});
try {
  const client = createMeiliClient({ host: await meili.start(), apiKey, timeoutMs: 60_000 });
  console.error(`indexing ${corpus.length} documents twice…`);
  let started = performance.now();
  const service = await serviceSearcher(client, 'service', corpus);
  const serviceSeconds = (performance.now() - started) / 1000;
  const ours = await evaluate(judgments, service);
  started = performance.now();
  const last = values['service-only'] ? await lastPlain() : undefined;
  const theirs =
    last?.evaluation ?? (await evaluate(judgments, await plainSearcher(client, 'plain', corpus)));
  const plainSeconds = last?.indexSeconds ?? (performance.now() - started) / 1000;

  const row = (lang: string, a: Evaluation['all'], b: Evaluation['all']) =>
    `| ${lang.padEnd(4)} | ${String(a.queries).padStart(7)} | ${b.ndcg.toFixed(3)} → ${a.ndcg.toFixed(3)} | ${b.recall.toFixed(3)} → ${a.recall.toFixed(3)} | ${b.mrr.toFixed(3)} → ${a.mrr.toFixed(3)} |`;
  console.log(
    `\nRelevance: plain Meilisearch → this service (${corpus.length} documents, top ${10})`,
  );
  console.log('| lang | queries | nDCG@10        | recall@10      | MRR@10         |');
  console.log('| ---- | ------- | -------------- | -------------- | -------------- |');
  for (const lang of Object.keys(ours.byLang)) {
    console.log(row(lang, ours.byLang[lang]!, theirs.byLang[lang]!));
  }
  console.log(row('all', ours.all, theirs.all));
  console.log(
    `\nindexing: service ${serviceSeconds.toFixed(1)} s, plain ${plainSeconds.toFixed(1)} s`,
  );

  const byKind: Record<string, { ours: number[]; theirs: number[] }> = {};
  ours.perQuery.forEach((p, i) => {
    const kind = byKind[p.judgment.kind] ?? { ours: [], theirs: [] };
    byKind[p.judgment.kind] = kind;
    kind.ours.push(p.scores.ndcg);
    kind.theirs.push(theirs.perQuery[i]?.scores.ndcg ?? 0);
  });
  console.log('\nnDCG@10 by kind of query: plain → this service');
  for (const [kind, v] of Object.entries(byKind)) {
    const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    console.log(
      `  ${kind.padEnd(16)} ${String(v.ours.length).padStart(3)}  ${avg(v.theirs).toFixed(3)} → ${avg(v.ours).toFixed(3)}`,
    );
  }
  if (values.misses) {
    console.log("\nqueries with nothing relevant in this service's top 10:");
    for (const p of ours.perQuery.filter((x) => x.scores.mrr === 0)) {
      console.log(`  ${p.judgment.id} ${p.judgment.query}  →  ${p.ranked.slice(0, 3).join(', ')}`);
    }
    console.log('\nqueries where this service is worse than plain (nDCG@10):');
    ours.perQuery.forEach((p, i) => {
      const other = theirs.perQuery[i]!;
      if (p.scores.ndcg + 1e-9 < other.scores.ndcg)
        console.log(
          `  ${p.judgment.id} ${p.judgment.query}: ${other.scores.ndcg.toFixed(2)} → ${p.scores.ndcg.toFixed(2)}`,
        );
    });
  }
  const results = path.join(here, 'results');
  await mkdir(results, { recursive: true });
  await writeFile(
    latestFile,
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        documents: corpus.length,
        queries: judgments.length,
        service: { byLang: ours.byLang, all: ours.all, indexSeconds: serviceSeconds },
        plain: {
          byLang: theirs.byLang,
          all: theirs.all,
          indexSeconds: plainSeconds,
          perQuery: theirs.perQuery.map((p) => ({
            id: p.judgment.id,
            scores: p.scores,
            ranked: p.ranked,
          })),
        },
        perQuery: ours.perQuery.map((p, i) => ({
          id: p.judgment.id,
          service: p.scores,
          plain: theirs.perQuery[i]?.scores,
          ranked: p.ranked,
        })),
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await meili.stop();
  await rm(dir, { recursive: true, force: true });
}
