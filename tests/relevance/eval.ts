/**
 * `npm run eval`: indexes the evaluation collection twice in a temporary
 * Meilisearch — with this service's settings, document shape and search, and
 * as a plain index with default settings and one text field — runs every
 * judged query against both and prints nDCG@10, recall@10 and MRR@10 per
 * language side by side. Writes tests/relevance/results/latest.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
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
  serviceSearcher,
} from './harness.js';

const HELP = `Usage: npm run eval -- [options]

Relevance of this service's search against a plain Meilisearch index over the
same documents (../shared: ru/kk/en news, State Department, China MFA pages,
the seed fixture), on the judged queries of tests/relevance/judgments.jsonl.

Options:
  --misses     list the queries where this service finds nothing relevant in the top 10
  -h, --help   show this help`;

const { values } = parseArgs({
  options: { misses: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const here = path.dirname(fileURLToPath(import.meta.url));
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
  started = performance.now();
  const plain = await plainSearcher(client, 'plain', corpus);
  const plainSeconds = (performance.now() - started) / 1000;
  const ours = await evaluate(judgments, service);
  const theirs = await evaluate(judgments, plain);

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
    const kind = (byKind[p.judgment.kind] ??= { ours: [], theirs: [] });
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
    path.join(results, 'latest.json'),
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        documents: corpus.length,
        queries: judgments.length,
        service: { byLang: ours.byLang, all: ours.all, indexSeconds: serviceSeconds },
        plain: { byLang: theirs.byLang, all: theirs.all, indexSeconds: plainSeconds },
        perQuery: ours.perQuery.map((p, i) => ({
          id: p.judgment.id,
          service: p.scores,
          plain: theirs.perQuery[i]?.scores,
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
