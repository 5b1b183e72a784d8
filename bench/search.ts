/**
 * Search benchmark. Builds an archive of N releases (the State Department
 * corpus and the ru/kk news texts, multiplied with new ids and shuffled
 * paragraphs), rebuilds the index from it (the time of a rebuild), indexes
 * the same releases without the shadow fields (stems, alias tokens) to
 * compare size and time, then loads /api/search with morphology on and off
 * and Meilisearch directly with the same requests, in the same run.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import type { Meilisearch } from 'meilisearch';
import { buildIndexSettings, SHADOW_FIELDS } from '../index-config/settings.js';
import { Archive } from '../src/archive/archive.js';
import { releaseIdFor } from '../src/domain/ids.js';
import type { PressRelease } from '../src/domain/release.js';
import { toMeiliDocument } from '../src/indexing/document.js';
import { rebuildIndex } from '../src/indexing/rebuild.js';
import { applySettings } from '../src/indexing/settings.js';
import { releaseFromLine } from '../src/ingest/jsonl.js';
import { waitForTask } from '../src/meili/tasks.js';
import { searchParamsSchema, toSearchQuery } from '../src/search/params.js';
import { planSearch } from '../src/search/query.js';
import { PROJECT_ROOT } from '../src/version.js';
import { readNewsTexts, readStateDept } from '../tests/helpers/corpus.js';
import { type BenchMeili, printTable, type Row, startBenchMeili } from './lib.js';

/** A fixed mix of keyword, filter, date, sort and paging requests, English, Russian and Kazakh. */
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
  `q=${encodeURIComponent('энергетическая безопасность')}`,
  `q=${encodeURIComponent('министр иностранных дел Казахстана')}`,
  `q=${encodeURIComponent('Лавров переговоры')}&lang=ru`,
  `q=${encodeURIComponent('Қазақстан Қытай министр')}`,
  `q=${encodeURIComponent('Сыртқы істер министрі кездесу')}`,
  `q=${encodeURIComponent('Нұртілеу')}`,
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

interface Line {
  url: string;
  title: string;
  html?: string;
  text?: string;
  lang?: string;
  published: string;
  source: string;
}

/** `total` import lines: the real texts first, then copies with new URLs, shuffled paragraphs and dates. */
function* multiplied(total: number): Generator<Line> {
  const english: Line[] = readStateDept().map((r) => ({ ...r, source: 'us-state' }));
  const cyrillic: Line[] = readNewsTexts()
    .filter((n) => n.lang !== 'en')
    .map((n) => ({
      url: n.url,
      title: n.title ?? n.text.slice(0, 80),
      text: n.text,
      lang: n.lang,
      published: '2024-01-01T00:00:00Z',
      source: 'kz-mfa',
    }));
  const random = rng(42);
  const start = Date.parse('2015-01-01T00:00:00Z');
  const span = Date.parse('2026-01-01T00:00:00Z') - start;
  const originals = [...english, ...cyrillic];
  for (const line of originals.slice(0, total)) yield line;
  for (let i = originals.length; i < total; i++) {
    // One copy in ten is Russian or Kazakh.
    const pool = i % 10 === 0 ? cyrillic : english;
    const base = pool[i % pool.length] as Line;
    const separator = base.html !== undefined ? '</p>' : '\n\n';
    const parts = shuffle((base.html ?? base.text ?? '').split(separator), random);
    const body = parts.filter((p) => p.trim()).join(separator);
    yield {
      ...base,
      url: `${base.url}${base.url.includes('?') ? '&' : '?'}copy=${i}`,
      title: shuffle(base.title.split(' '), random).join(' '),
      ...(base.html !== undefined ? { html: body } : { text: body }),
      published: new Date(start + Math.floor(random() * span)).toISOString(),
    };
  }
}

export async function startApi(
  meili: BenchMeili,
  index: string,
  morphology = true,
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
        BENCH_MORPHOLOGY: morphology ? 'on' : 'off',
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

/** The Meilisearch request the API sends first for each query of the mix. */
export function directSearchBodies(index: string, morphology = true): string[] {
  return QUERY_MIX.map((qs) => {
    const params = searchParamsSchema.parse(Object.fromEntries(new URLSearchParams(qs)));
    const plan = planSearch(toSearchQuery(params), { morphology });
    return JSON.stringify({
      queries: [plan.main, ...plan.facetQueries.map((f) => f.params)].map((p) => ({
        indexUid: index,
        ...p,
      })),
    });
  });
}

async function usedSize(client: Meilisearch): Promise<number> {
  return (await client.getStats()).usedDatabaseSize;
}

/** Indexes the releases without the shadow fields, with settings that do not search them. */
async function indexWithoutShadows(client: Meilisearch, uid: string, releases: PressRelease[]) {
  const settings = buildIndexSettings();
  const shadow = new Set<string>(SHADOW_FIELDS);
  await applySettings(client, uid, {
    ...settings,
    searchableAttributes: (settings.searchableAttributes ?? []).filter((a) => !shadow.has(a)),
  });
  // The same pipeline as indexReleases (batches of 1000, four in flight), so
  // the times compare.
  const inFlight: Promise<unknown>[] = [];
  for (let i = 0; i < releases.length; i += 1000) {
    const docs = releases.slice(i, i + 1000).map((r) => {
      const doc = toMeiliDocument(r);
      for (const field of shadow) delete doc[field];
      return doc;
    });
    const task = await client.index(uid).addDocuments(docs, { primaryKey: 'id' });
    inFlight.push(
      waitForTask(client, task, 3_600_000).then((done) => {
        if (done.status !== 'succeeded') throw new Error(`indexing failed: ${done.error?.message}`);
      }),
    );
    if (inFlight.length >= 4) await inFlight.shift();
  }
  await Promise.all(inFlight);
}

export interface SearchBenchOptions {
  documents: number;
  durationSeconds: number;
}

export async function benchSearch(options: SearchBenchOptions) {
  const meili = await startBenchMeili();
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-search-'));
  const index = 'bench-releases';
  const archive = new Archive(path.join(dir, 'archive.db'));
  try {
    const buildRows: Row[] = [];
    console.error(`normalizing ${options.documents} releases into an archive…`);
    let started = performance.now();
    const releases: PressRelease[] = [];
    const fetchedAt = new Date().toISOString();
    archive.transaction(() => {
      for (const line of multiplied(options.documents)) {
        const release = releaseFromLine(line, {}, fetchedAt);
        if (release.id !== releaseIdFor(line.url)) throw new Error('unexpected id');
        archive.releases.save(release, release.url);
        releases.push(release);
      }
    });
    let seconds = (performance.now() - started) / 1000;
    buildRows.push({
      step: 'normalize into the archive',
      documents: releases.length,
      seconds,
      'docs/s': releases.length / seconds,
      'index MB': '',
    });

    console.error('indexing without the shadow fields…');
    const before = await usedSize(meili.client);
    started = performance.now();
    await indexWithoutShadows(meili.client, 'bench-no-shadow', releases);
    seconds = (performance.now() - started) / 1000;
    const plainSize = (await usedSize(meili.client)) - before;
    buildRows.push({
      step: 'index without shadow fields',
      documents: releases.length,
      seconds,
      'docs/s': releases.length / seconds,
      'index MB': plainSize / 2 ** 20,
    });
    await waitForTask(meili.client, meili.client.deleteIndex('bench-no-shadow'));

    console.error('rebuilding the index from the archive (with shadow fields)…');
    const beforeRebuild = await usedSize(meili.client);
    started = performance.now();
    let lastLog = 0;
    const rebuilt = await rebuildIndex(archive, meili.client, index, {
      onProgress: (p) => {
        if (performance.now() - lastLog > 10_000) {
          lastLog = performance.now();
          console.error(`  ${p.phase} ${p.indexed}/${p.total}`);
        }
      },
    });
    seconds = (performance.now() - started) / 1000;
    const fullSize = (await usedSize(meili.client)) - beforeRebuild;
    buildRows.push({
      step: 'rebuild from the archive (with shadow fields)',
      documents: rebuilt.documents,
      seconds,
      'docs/s': rebuilt.documents / seconds,
      'index MB': fullSize / 2 ** 20,
    });
    buildRows.push({
      step: 'ratio with / without shadow fields',
      documents: '',
      seconds: '',
      'docs/s': '',
      'index MB': plainSize > 0 ? fullSize / plainSize : Number.NaN,
    });
    releases.length = 0;

    const loadRows: Row[] = [];
    const raw: Record<string, LoadResult> = {};
    /** A 2 s warm-up, then the measured run, at each concurrency. */
    const measure = async (name: string, options_: (connections: number) => autocannon.Options) => {
      for (const connections of [1, 32]) {
        await load({ ...options_(connections), duration: 2 });
        raw[`${name}_c${connections}`] = await load(options_(connections));
      }
    };
    const common = (connections: number) => ({
      connections,
      duration: options.durationSeconds,
      pipelining: 1,
    });
    for (const morphology of [true, false]) {
      const label = morphology ? 'on' : 'off';
      const api = await startApi(meili, index, morphology);
      try {
        await measure(`api_${label}`, (connections) => ({
          ...common(connections),
          url: api.url,
          requests: QUERY_MIX.map((qs) => ({ method: 'GET' as const, path: `/api/search?${qs}` })),
        }));
      } finally {
        api.stop();
      }
      const bodies = directSearchBodies(index, morphology);
      await measure(`direct_${label}`, (connections) => ({
        ...common(connections),
        url: meili.host,
        requests: bodies.map((body) => ({
          method: 'POST' as const,
          path: '/multi-search',
          body,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${meili.apiKey}` },
        })),
      }));
    }
    for (const connections of [1, 32]) {
      const r = (name: string) => raw[`${name}_c${connections}`] as LoadResult;
      const row = (name: string, x: LoadResult) => ({
        target: name,
        concurrency: connections,
        'p50 ms': x.p50,
        'p99 ms': x.p99,
        'req/s': x.rps,
        errors: x.errors + x.non2xx,
      });
      const ratio = (name: string, a: LoadResult, b: LoadResult) => ({
        target: name,
        concurrency: connections,
        'p50 ms': b.p50 > 0 ? a.p50 / b.p50 : Number.NaN,
        'p99 ms': b.p99 > 0 ? a.p99 / b.p99 : Number.NaN,
        'req/s': a.rps / b.rps,
        errors: '',
      });
      loadRows.push(
        row('API, morphology on', r('api_on')),
        row('API, morphology off', r('api_off')),
        row('Meilisearch direct, on requests', r('direct_on')),
        row('Meilisearch direct, off requests', r('direct_off')),
        ratio('ratio API on / API off', r('api_on'), r('api_off')),
        ratio('ratio API on / direct on', r('api_on'), r('direct_on')),
        ratio('ratio API off / direct off', r('api_off'), r('direct_off')),
      );
    }
    printTable('Archive, rebuild and index size', buildRows);
    printTable(
      `Search load (${rebuilt.documents} documents, ${QUERY_MIX.length} queries in a fixed mix, ${options.durationSeconds} s each; direct = the API's first Meilisearch request of each query, without its second one for translations)`,
      loadRows,
    );
    return {
      documents: rebuilt.documents,
      queryMix: QUERY_MIX,
      build: buildRows,
      load: raw,
      table: loadRows,
    };
  } finally {
    archive.close();
    await meili.close();
    await rm(dir, { recursive: true, force: true });
  }
}
