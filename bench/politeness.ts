/**
 * Politeness benchmark: the hostile site (in its own process, whose clock
 * stamps each request as it arrives) crawled with the default crawl settings
 * — delay 1000 ms, concurrency 2, 3 retries — through robots.txt, listings,
 * items, a 429 with Retry-After, an outage retried with back-off, a redirect
 * chain and a hop to the declared media host. Prints, per host, the minimum
 * and mean gap between two requests and their ratio to the configured delay
 * (the baseline), then runs the crawl again after the outage ends and counts
 * the items retried across runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { quietCrawlee } from '../crawler/crawl/engine.js';
import { runCrawl } from '../crawler/crawl/run.js';
import { DEFAULT_CRAWL } from '../crawler/crawl/settings.js';
import { Archive } from '../src/archive/archive.js';
import { silentLogger } from '../src/log.js';
import { gapsOf, HOSTILE_HOSTS, HOSTILE_SOURCE } from '../tests/replicas/hostile.js';
import { startHostileSiteProcess } from '../tests/replicas/hostile-process.js';
import { printTable, type Row } from './lib.js';

const USER_AGENT = 'PressReleaseSearchBot-bench/0.1 (+https://press-release-search.example/bot)';

export async function benchPoliteness() {
  quietCrawlee('info');
  const site = await startHostileSiteProcess({ pages: 2, perPage: 4 });
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-politeness-'));
  const archive = new Archive(path.join(dir, 'archive.db'));
  const defaults = {
    ...DEFAULT_CRAWL,
    userAgent: USER_AGENT,
    // The outage item is due again at once, so the second run shows the retry.
    retryBackoffMs: 0,
  };
  const crawl = () =>
    runCrawl({
      archive,
      sources: [HOSTILE_SOURCE],
      defaults,
      originOverrides: site.overrides,
      logger: silentLogger,
    });
  try {
    await site.behave(1, { kind: 'rate-limited', retryAfter: '2', times: 1 });
    await site.behave(2, { kind: 'chain', hops: 2 });
    await site.behave(3, { kind: 'redirect', to: 'media' });
    // Down for the whole first run (1 try + 3 retries), up again afterwards.
    await site.behave(5, { kind: 'outage', times: 4 });

    console.error(`crawling the hostile site with the default delay (${defaults.delayMs} ms)…`);
    const started = performance.now();
    const first = await crawl();
    const firstSeconds = (performance.now() - started) / 1000;
    const log = await site.log();
    console.error('crawling again after the outage…');
    const second = await crawl();

    const hosts = [HOSTILE_HOSTS.www, HOSTILE_HOSTS.media];
    const perHost = hosts.map((host) => {
      const requests = log.filter((r) => r.host === host);
      const gaps = gapsOf(requests);
      const min = gaps.length > 0 ? Math.min(...gaps) : Number.NaN;
      const at = gaps.indexOf(min);
      // The two requests the shortest gap lies between, to see what it was.
      const shortest = at >= 0 ? [requests[at]?.path, requests[at + 1]?.path] : [];
      const mean = gaps.length > 0 ? gaps.reduce((a, b) => a + b, 0) / gaps.length : Number.NaN;
      return {
        host,
        requests: requests.length,
        minGapMs: min,
        meanGapMs: mean,
        gapsUnderDelay: gaps.filter((g) => g < defaults.delayMs).length,
        minOverDelay: min / defaults.delayMs,
        shortest,
      };
    });
    const rows: Row[] = perHost.map((h) => ({
      host: h.host,
      requests: h.requests,
      'min gap ms': h.minGapMs,
      'mean gap ms': Math.round(h.meanGapMs),
      [`gaps < ${defaults.delayMs} ms`]: h.gapsUnderDelay,
      'min gap / delay': h.minOverDelay,
    }));
    printTable(
      `Request gaps per host, default delay ${defaults.delayMs} ms (baseline), concurrency ${defaults.concurrency}; first crawl ${firstSeconds.toFixed(1)} s`,
      rows,
    );
    const runs = [first, second].map((report, i) => {
      const s = report.sources[0];
      return {
        run: i + 1,
        status: s?.status ?? 'missing',
        itemsNew: s?.counts.itemsNew ?? 0,
        itemsRetried: s?.counts.itemsRetried ?? 0,
        failedWaiting: s?.items?.failed ?? 0,
        gaveUp: s?.items?.gaveUp ?? 0,
        redirects: s?.counts.redirects ?? 0,
      };
    });
    printTable(
      'Items retried across runs (an outage through the first run, over by the second)',
      runs.map((r) => ({
        run: r.run,
        status: r.status,
        'new items': r.itemsNew,
        'items retried': r.itemsRetried,
        'failed, waiting': r.failedWaiting,
        'given up': r.gaveUp,
        'redirect hops': r.redirects,
      })),
    );
    return { delayMs: defaults.delayMs, concurrency: defaults.concurrency, perHost, runs };
  } finally {
    archive.close();
    await site.close();
    await rm(dir, { recursive: true, force: true });
  }
}
