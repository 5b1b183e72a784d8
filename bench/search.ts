/**
 * Search benchmark: import throughput (the real corpus, then the corpus
 * multiplied with new ids and shuffled text), then /api/search under load
 * against the same requests sent to Meilisearch directly, in the same run.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { importJsonLines } from '../src/ingest/jsonl.js';
import { searchParamsSchema, toSearchQuery } from '../src/search/params.js';
import { planSearch } from '../src/search/query.js';
import { PROJECT_ROOT } from '../src/version.js';
import { sharedPath } from '../tests/helpers/shared.js';
import { type BenchMeili, printTable, type Row, startBenchMeili } from './lib.js';

/** A fixed mix of keyword, filter, date, sort and paging requests. */
export const QUERY_MIX = [
  'q=climate',
  'q=Ukraine&sort=date_desc',
  'q=foreign%20minister&country=UA',
  '',
  'country=CN&country=US',
  'q=security&from=2022-01-01&to=2022-06-30',
  'q=Blinken&perPage=50',
  'q=humanitarian%20assistance&page=3',
  'q=call&minister=antony-blinken',
  'q=sanctions&lang=en&sort=date_asc',
  'q=Kazakhstan',
  'q=energy%20security&from=2022-01-01',
];

/** Deterministic pseudo-random numbers, so every run builds the same documents. */
function rng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** Writes `total` lines: the corpus repeated with new URLs, shuffled paragraphs and title words. */
async function writeMultiplied(corpusFile: string, total: number, file: string): Promise<void> {
  const records: { url: string; title: string; html: string; published: string }[] = [];
  for await (const line of createInterface({ input: createReadStream(corpusFile, 'utf8') })) {
    if (line.trim()) records.push(JSON.parse(line));
  }
  const random = rng(42);
  const out = createWriteStream(file);
  const start = Date.parse('2015-01-01T00:00:00Z');
  const span = Date.parse('2026-01-01T00:00:00Z') - start;
  for (let i = 0; i < total; i++) {
    const base = records[i % records.length]!;
    const other = records[Math.floor(random() * records.length)]!;
    const paragraphs = shuffle(
      [...base.html.split('</p>'), ...other.html.split('</p>').slice(0, 3)].filter((p) => p.trim()),
      random,
    );
    const line = {
      url: `${base.url}?copy=${i}`,
      title: shuffle(base.title.split(' '), random).join(' '),
      html: paragraphs.join('</p>'),
      published: new Date(start + Math.floor(random() * span)).toISOString(),
      source: 'us-state',
    };
    if (!out.write(`${JSON.stringify(line)}\n`))
      await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

export async function startApi(
  meili: BenchMeili,
  index: string,
): Promise<{ url: string; pid: number | undefined; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(PROJECT_ROOT, 'bench', 'api-server.ts')],
    {
      env: {
        ...process.env,
        BENCH_MEILI_HOST: meili.host,
        BENCH_MEILI_KEY: meili.apiKey,
        BENCH_INDEX: index,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`API exited with ${code}`)));
  });
  return { url, pid: child.pid, stop: () => child.kill('SIGTERM') };
}

export interface LoadResult {
  p50: number;
  p99: number;
  rps: number;
  errors: number;
  non2xx: number;
  requests: number;
}

export async function load(options: autocannon.Options): Promise<LoadResult> {
  const result = await autocannon(options);
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
  };
}

/** The Meilisearch multi-search bodies the API sends for QUERY_MIX, to send them directly. */
export function directSearchBodies(index: string): string[] {
  return QUERY_MIX.map((qs) => {
    const params = searchParamsSchema.parse(Object.fromEntries(new URLSearchParams(qs)));
    const plan = planSearch(toSearchQuery(params));
    return JSON.stringify({
      queries: [plan.main, ...plan.facetQueries.map((f) => f.params)].map((p) => ({
        indexUid: index,
        ...p,
      })),
    });
  });
}

export interface SearchBenchOptions {
  documents: number;
  durationSeconds: number;
}

export async function benchSearch(options: SearchBenchOptions) {
  const corpusFile = sharedPath('corpus', 'state-dept', 'releases.jsonl');
  const meili = await startBenchMeili();
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-search-'));
  const index = 'bench-releases';
  try {
    await meili.createIndex(index);
    const importRows: Row[] = [];
    let started = performance.now();
    const corpus = await importJsonLines(corpusFile, {
      client: meili.client,
      indexUid: index,
      defaults: { source: 'us-state' },
    });
    let seconds = (performance.now() - started) / 1000;
    importRows.push({
      import: 'State Dept corpus',
      documents: corpus.added,
      seconds,
      'docs/s': corpus.added / seconds,
    });

    const multipliedFile = path.join(dir, 'multiplied.jsonl');
    const extra = Math.max(0, options.documents - corpus.added);
    console.error(`writing ${extra} multiplied documents…`);
    await writeMultiplied(corpusFile, extra, multipliedFile);
    started = performance.now();
    let lastLog = 0;
    const multiplied = await importJsonLines(multipliedFile, {
      client: meili.client,
      indexUid: index,
      onProgress: (p) => {
        if (performance.now() - lastLog > 5000) {
          lastLog = performance.now();
          console.error(`  imported ${p.processed}/${extra}`);
        }
      },
    });
    seconds = (performance.now() - started) / 1000;
    importRows.push({
      import: 'multiplied',
      documents: multiplied.added,
      seconds,
      'docs/s': multiplied.added / seconds,
    });
    const totalDocs = (await meili.client.index(index).getStats()).numberOfDocuments;

    const api = await startApi(meili, index);
    const directBodies = directSearchBodies(index);
    const loadRows: Row[] = [];
    const raw: Record<string, LoadResult> = {};
    try {
      for (const connections of [1, 32]) {
        const common = { connections, duration: options.durationSeconds, pipelining: 1 };
        const apiOptions = {
          ...common,
          url: api.url,
          requests: QUERY_MIX.map((qs) => ({ method: 'GET' as const, path: `/api/search?${qs}` })),
        };
        const directOptions = {
          ...common,
          url: meili.host,
          requests: directBodies.map((body) => ({
            method: 'POST' as const,
            path: '/multi-search',
            body,
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${meili.apiKey}`,
            },
          })),
        };
        // Warm both paths up first so neither pays for cold caches.
        await load({ ...apiOptions, duration: 2 });
        await load({ ...directOptions, duration: 2 });
        const viaApi = await load(apiOptions);
        const direct = await load(directOptions);
        raw[`api_c${connections}`] = viaApi;
        raw[`direct_c${connections}`] = direct;
        loadRows.push(
          {
            target: 'API /api/search',
            concurrency: connections,
            'p50 ms': viaApi.p50,
            'p99 ms': viaApi.p99,
            'req/s': viaApi.rps,
            errors: viaApi.errors + viaApi.non2xx,
          },
          {
            target: 'Meilisearch direct',
            concurrency: connections,
            'p50 ms': direct.p50,
            'p99 ms': direct.p99,
            'req/s': direct.rps,
            errors: direct.errors + direct.non2xx,
          },
          {
            target: 'ratio API/direct',
            concurrency: connections,
            'p50 ms': direct.p50 > 0 ? viaApi.p50 / direct.p50 : Number.NaN,
            'p99 ms': direct.p99 > 0 ? viaApi.p99 / direct.p99 : Number.NaN,
            'req/s': viaApi.rps / direct.rps,
            errors: '',
          },
        );
      }
    } finally {
      api.stop();
    }
    printTable('Import throughput', importRows);
    printTable(
      `Search load (${totalDocs} documents, ${QUERY_MIX.length} queries in a fixed mix, ${options.durationSeconds} s each)`,
      loadRows,
    );
    return {
      documents: totalDocs,
      queryMix: QUERY_MIX,
      import: importRows,
      load: raw,
      table: loadRows,
    };
  } finally {
    await meili.close();
    await rm(dir, { recursive: true, force: true });
  }
}
