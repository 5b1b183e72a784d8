/**
 * Crawl benchmark: the whole China MFA replica (about 1,600 pages, served by
 * a replica server in its own process) crawled with delay 0 and concurrency
 * 8 — robots.txt, request queue in SQLite, archive of every response, item
 * bookkeeping — against a plain undici fetch of the same URLs at the same
 * concurrency. Prints pages/s of both, their ratio, and the crawler's RSS
 * (peak, and along the crawl, to show it does not grow with pages).
 * Normalization of the archived items is timed separately: it is the next
 * stage of the pipeline, not fetching.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Agent, request } from 'undici';
import { crawlSource, quietCrawlee } from '../crawler/crawl/engine.js';
import { SqliteStorageClient } from '../crawler/crawl/queue-storage.js';
import { DEFAULT_CRAWL } from '../crawler/crawl/settings.js';
import { normalizeWithSource, sourceById } from '../crawler/sources/index.js';
import { Archive } from '../src/archive/archive.js';
import { normalizePending } from '../src/ingest/pipeline.js';
import { silentLogger } from '../src/log.js';
import { PROJECT_ROOT } from '../src/version.js';
import { printTable, type Row } from './lib.js';

export interface CrawlBenchOptions {
  concurrency: number;
}

async function startReplicaProcess(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(PROJECT_ROOT, 'tests', 'replicas', 'serve.ts'), 'cn-mfa'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve((JSON.parse(line) as { url: string }).url),
    );
    child.once('exit', (code) => reject(new Error(`replica server exited with ${code}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

async function plainFetch(urls: string[], concurrency: number) {
  const agent = new Agent({ connections: concurrency, pipelining: 1 });
  let next = 0;
  let bytes = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < urls.length) {
        const url = urls[next++]!;
        const response = await request(url, { dispatcher: agent });
        bytes += (await response.body.arrayBuffer()).byteLength;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await agent.close();
  return { pages: urls.length, seconds, bytes };
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** A full garbage collection, so heap samples show what is really kept. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

export async function benchCrawl(options: CrawlBenchOptions) {
  quietCrawlee('info');
  const source = sourceById('cn-mfa');
  if (!source) throw new Error('source cn-mfa is missing');
  const replica = await startReplicaProcess();
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-crawl-'));
  const archive = new Archive(path.join(dir, 'archive.db'));
  try {
    const origin = new URL(source.baseUrl).origin;
    const physical = (url: string) =>
      `${replica.url}${new URL(url).pathname}${new URL(url).search}`;

    // The URLs a full crawl fetches, from the replica's own manifest order, to warm the server up.
    const { readFmprcPages } = await import('../tests/replicas/cn-mfa.js');
    const warmUrls = readFmprcPages()
      .filter((p) => p.kind !== 'other')
      .map((p) => physical(p.url));
    console.error(`warming the replica up with ${warmUrls.length} pages…`);
    await plainFetch(warmUrls, options.concurrency);

    console.error('crawling the China MFA replica…');
    const rssSamples: { pages: number; rssMb: number; heapMb: number }[] = [];
    let peakRss = process.memoryUsage.rss();
    let lastMilestone = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }, 20);
    const started = performance.now();
    const result = await crawlSource({
      archive,
      storage: new SqliteStorageClient(archive.db),
      source,
      defaults: {
        ...DEFAULT_CRAWL,
        userAgent: 'PressReleaseSearchBot-bench/0.1 (+https://press-release-search.example/bot)',
        delayMs: 0,
        concurrency: options.concurrency,
      },
      originOverrides: new Map([[origin, replica.url]]),
      logger: silentLogger,
      onProgress: (counts) => {
        if (counts.pages - lastMilestone >= 200) {
          lastMilestone = counts.pages;
          const rss = process.memoryUsage.rss();
          peakRss = Math.max(peakRss, rss);
          collectGarbage();
          rssSamples.push({
            pages: counts.pages,
            rssMb: mb(rss),
            heapMb: mb(process.memoryUsage().heapUsed),
          });
        }
      },
    });
    const crawlSeconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    if (result.status !== 'completed')
      throw new Error(`crawl ended ${result.status}: ${result.message}`);
    const crawled = result.counts.pages;

    const urls = (
      archive.db.prepare("SELECT url FROM responses WHERE kind <> 'robots' ORDER BY id").all() as {
        url: string;
      }[]
    ).map((r) => physical(r.url));
    console.error(`fetching the same ${urls.length} URLs with plain undici…`);
    const plain = await plainFetch(urls, options.concurrency);

    console.error('normalizing the archived items…');
    const normalizeStarted = performance.now();
    const counts = { ...result.counts, errors: { ...result.counts.errors } };
    await normalizePending(archive, source.id, normalizeWithSource, counts, {
      logger: silentLogger,
    });
    const normalizeSeconds = (performance.now() - normalizeStarted) / 1000;

    const crawlerRate = crawled / crawlSeconds;
    const plainRate = plain.pages / plain.seconds;
    const rows: Row[] = [
      {
        run: 'crawler (Crawlee HttpCrawler + archive)',
        pages: crawled,
        seconds: crawlSeconds,
        'pages/s': crawlerRate,
        'peak RSS MB': mb(peakRss),
      },
      {
        run: 'plain undici fetch',
        pages: plain.pages,
        seconds: plain.seconds,
        'pages/s': plainRate,
        'peak RSS MB': '',
      },
      {
        run: 'ratio crawler / undici',
        pages: '',
        seconds: '',
        'pages/s': crawlerRate / plainRate,
        'peak RSS MB': '',
      },
      {
        run: 'normalize archived items (next stage)',
        pages: counts.releasesNew,
        seconds: normalizeSeconds,
        'pages/s': counts.releasesNew / normalizeSeconds,
        'peak RSS MB': mb(process.memoryUsage.rss()),
      },
    ];
    printTable(
      `China MFA replica, concurrency ${options.concurrency}, delay 0 (${result.counts.itemsNew} items)`,
      rows,
    );
    printTable(
      'Crawler memory along the crawl (heap after a full GC)',
      rssSamples.map((s) => ({ pages: s.pages, 'RSS MB': s.rssMb, 'heap MB': s.heapMb })),
    );
    return {
      concurrency: options.concurrency,
      crawler: { pages: crawled, seconds: crawlSeconds, pagesPerSecond: crawlerRate },
      undici: { pages: plain.pages, seconds: plain.seconds, pagesPerSecond: plainRate },
      ratio: crawlerRate / plainRate,
      peakRssMb: mb(peakRss),
      rssAlongCrawl: rssSamples,
      normalize: { releases: counts.releasesNew, seconds: normalizeSeconds },
      table: rows,
    };
  } finally {
    archive.close();
    replica.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
