/**
 * Widget benchmark, in Chromium on loopback over the State Department
 * corpus: time from the last keystroke to the results painted, for the
 * widget at debounce 0 and at its default debounce, next to a bare
 * fetch-and-render page measured in the same run (the floor). Also the
 * bundle's size, minified, gzip -9 and brotli -11.
 *
 * The three pages are measured in turn for each query, so drift on a shared
 * machine touches them alike; two ways of typing (see Mode). Timestamps are taken inside the page: the last
 * `input` event's timeStamp, and the first moment after the frame that shows
 * the answer (requestAnimationFrame, then a task).
 */

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { createApp } from '../src/http/app.js';
import { buildWidget } from '../src/http/widget-bundle.js';
import { SearchService } from '../src/search/service.js';
import { DEFAULT_DEBOUNCE } from '../src/widget/widget.js';
import { launchChromium } from '../tests/e2e/helpers/chromium.js';
import { importThroughScratchArchive } from '../tests/helpers/import.js';
import { sharedPath } from '../tests/helpers/shared.js';
import { printTable, startBenchMeili } from './lib.js';

const PER_PAGE = 10;

/** 30 queries a reader of State Department releases might type. */
const QUERIES = [
  'climate',
  'Ukraine',
  'sanctions',
  'humanitarian',
  'Blinken',
  'China',
  'Russia',
  'NATO',
  'energy security',
  'human rights',
  'Afghanistan',
  'COVID-19',
  'vaccine',
  'Iran',
  'Israel',
  'Taiwan',
  'Kazakhstan',
  'election',
  'refugees',
  'trade',
  'terrorism',
  'Syria',
  'Venezuela',
  'Ethiopia',
  'democracy',
  'cyber',
  'nuclear',
  'Japan',
  'India',
  'Mexico',
];
const WARM_UP = ['press', 'minister'];

/** Records the last input and the first moment after the frame showing the answer to `q`. */
const PROBE = `
window.__bench = { lastInput: 0, waiters: [] };
addEventListener('input', (e) => { window.__bench.lastInput = e.timeStamp; }, true);
function painted(q) {
  return new Promise((resolve) => window.__bench.waiters.push({ q, resolve }));
}
function onAnswer(q) {
  const input = window.__bench.lastInput;
  const fetched = performance.getEntriesByType('resource')
    .filter((e) => e.name.includes('/api/search?') && new URL(e.name).searchParams.get('q') === (q || null))
    .at(-1);
  requestAnimationFrame(() => setTimeout(() => {
    const at = performance.now();
    window.__bench.waiters = window.__bench.waiters.filter((w) => {
      if (w.q !== q) return true;
      w.resolve({ total: at - input, afterResponse: fetched ? at - fetched.responseEnd : NaN });
      return false;
    });
  }));
}
document.addEventListener('mfa-search-results', (e) => onAnswer(e.detail.q));
`;

/** The floor: an input, fetch on every keystroke (older requests aborted), titles and snippets as text. */
function floorPage(api: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>floor</title></head><body>
<input id="q" aria-label="Search"><p id="n"></p><ul id="r"></ul>
<script>${PROBE}
const box = document.getElementById('q'), list = document.getElementById('r'), count = document.getElementById('n');
let controller;
box.addEventListener('input', async () => {
  const q = box.value;
  controller?.abort();
  controller = new AbortController();
  try {
    const response = await fetch('${api}/api/search?q=' + encodeURIComponent(q) + '&perPage=${PER_PAGE}&locale=en', { signal: controller.signal });
    const body = await response.json();
    count.textContent = body.total + ' releases';
    list.replaceChildren(...body.hits.map((hit) => {
      const li = document.createElement('li');
      const title = document.createElement('b');
      title.textContent = hit.title;
      const snippet = document.createElement('p');
      snippet.textContent = hit.snippet.replace(/<\\/?mark>/g, '');
      li.append(title, snippet);
      return li;
    }));
    onAnswer(q);
  } catch {}
});
</script></body></html>`;
}

function widgetPage(api: string, debounce: number): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>widget</title></head><body>
<script>${PROBE}</script>
<mfa-search api="${api}" debounce="${debounce}" per-page="${PER_PAGE}" facets="country,minister,source,lang,date"></mfa-search>
<script src="${api}/widget.js"></script></body></html>`;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

interface Variant {
  name: string;
  debounce: number;
  page: Page;
  /** The box to type into. */
  selector: string;
  /** Milliseconds per query, by typing mode. */
  times: Record<Mode, Sample[]>;
}

/**
 * "last key": the query minus its last character is in the box and answered,
 * then the last key is pressed (one request: the latency itself).
 * "typed": the box is emptied, then the whole query typed at 15 ms a key, as
 * a fast typist does; without a debounce every key sends a request.
 */
type Mode = 'last key' | 'typed';

interface Sample {
  /** Last keystroke → painted. */
  total: number;
  /** The answer's last byte → painted: the page's own work. */
  afterResponse: number;
}
const MODES: Mode[] = ['last key', 'typed'];

const painted = (page: Page, q: string) =>
  page.evaluate((query) => (window as any).painted(query) as Promise<Sample>, q);

async function measure(variant: Variant, q: string, mode: Mode): Promise<Sample> {
  // A page behind others gets its frames and timers throttled: measure the one in front.
  await variant.page.bringToFront();
  const box = variant.page.locator(variant.selector);
  if (mode === 'last key') {
    const prefix = q.slice(0, -1);
    const ready = painted(variant.page, prefix);
    await box.fill(prefix);
    await ready;
    const result = painted(variant.page, q);
    await box.press(q.slice(-1));
    return result;
  }
  const cleared = painted(variant.page, '');
  await box.fill('');
  await cleared;
  const result = painted(variant.page, q);
  await box.pressSequentially(q, { delay: 15 });
  return result;
}

export async function benchWidget() {
  const meili = await startBenchMeili();
  const uid = 'bench-widget';
  const servers: http.Server[] = [];
  // A page behind others would get its frames and timers throttled.
  const browser = await launchChromium([
    '--disable-renderer-backgrounding',
    '--disable-background-timer-throttling',
    '--disable-backgrounding-occluded-windows',
  ]);
  try {
    await meili.createIndex(uid);
    const corpus = sharedPath('corpus', 'state-dept', 'releases.jsonl');
    console.error('importing the State Department corpus…');
    const imported = await importThroughScratchArchive(corpus, {
      client: meili.client,
      indexUid: uid,
      defaults: { source: 'us-state' },
    });
    const widget = await buildWidget();
    const listen = (handler: http.RequestListener) =>
      new Promise<string>((resolve) => {
        const server = http.createServer(handler);
        servers.push(server);
        server.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
        );
      });
    const pages = new Map<string, string>();
    const host = await listen((request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(pages.get(request.url ?? '') ?? '');
    });
    const api = await listen(
      createApp({
        search: new SearchService(meili.client, uid),
        settingsApplied: () => true,
        widget,
        widgetOrigins: [host],
      }),
    );
    pages.set('/floor', floorPage(api));
    pages.set('/widget-0', widgetPage(api, 0));
    pages.set(`/widget-${DEFAULT_DEBOUNCE}`, widgetPage(api, DEFAULT_DEBOUNCE));

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) => route.abort(),
    );
    const open = async (path: string) => {
      const page = await context.newPage();
      await page.goto(`${host}${path}`);
      return page;
    };
    const variants: Variant[] = [
      {
        name: 'bare fetch-and-render (floor)',
        debounce: 0,
        page: await open('/floor'),
        selector: '#q',
        times: { 'last key': [], typed: [] },
      },
      {
        name: 'widget',
        debounce: 0,
        page: await open('/widget-0'),
        selector: 'mfa-search input[role=combobox]',
        times: { 'last key': [], typed: [] },
      },
      {
        name: 'widget (default debounce)',
        debounce: DEFAULT_DEBOUNCE,
        page: await open(`/widget-${DEFAULT_DEBOUNCE}`),
        selector: 'mfa-search input[role=combobox]',
        times: { 'last key': [], typed: [] },
      },
    ];
    for (const variant of variants) await variant.page.locator(variant.selector).waitFor();
    for (const q of WARM_UP) {
      for (const mode of MODES) for (const variant of variants) await measure(variant, q, mode);
    }
    console.error(
      `measuring ${QUERIES.length} queries × ${MODES.length} modes × ${variants.length} pages…`,
    );
    for (const q of QUERIES) {
      for (const mode of MODES) {
        for (const variant of variants) variant.times[mode].push(await measure(variant, q, mode));
      }
    }

    const stats = MODES.flatMap((mode) => {
      const of = variants.map((variant) => {
        const sorted = variant.times[mode].map((t) => t.total).sort((a, b) => a - b);
        const after = variant.times[mode].map((t) => t.afterResponse).sort((a, b) => a - b);
        return {
          mode,
          variant,
          median: percentile(sorted, 50),
          p95: percentile(sorted, 95),
          afterResponse: percentile(after, 50),
        };
      });
      const floor = of[0]!;
      return of.map((s) => ({ ...s, ratio: s.median / floor.median }));
    });
    printTable(
      `Last keystroke → results painted, Chromium over loopback, ${imported.added + imported.unchanged} releases, ${PER_PAGE} per page`,
      stats.map(({ mode, variant, median, p95, ratio, afterResponse }) => ({
        typing: mode,
        page: variant.name,
        'debounce ms': variant.debounce,
        queries: variant.times[mode].length,
        'median ms': median,
        'p95 ms': p95,
        'median / floor': ratio,
        'answer → paint, median ms': afterResponse,
      })),
    );
    const size = {
      'minified KB': widget.code.length / 1024,
      'gzip -9 KB': widget.gzip.length / 1024,
      'brotli -11 KB': widget.brotli.length / 1024,
    };
    printTable('Widget bundle (one file: script and styles)', [{ file: 'widget.js', ...size }]);
    return {
      releases: imported.added + imported.unchanged,
      queries: QUERIES,
      perPage: PER_PAGE,
      latency: stats.map(({ mode, variant, median, p95, ratio, afterResponse }) => ({
        typing: mode,
        page: variant.name,
        debounceMs: variant.debounce,
        medianMs: median,
        p95Ms: p95,
        medianRatioToFloor: ratio,
        answerToPaintMedianMs: afterResponse,
        samples: variant.times[mode],
      })),
      bundle: {
        bytes: widget.code.length,
        gzipBytes: widget.gzip.length,
        brotliBytes: widget.brotli.length,
        hash: widget.hash,
      },
    };
  } finally {
    await browser.close();
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await meili.close();
  }
}
