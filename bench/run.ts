/**
 * `npm run bench [-- --only search] [--docs N] [--duration S]`: runs the
 * benchmarks, prints their tables and writes bench/results/<suite>.json.
 */
import { parseArgs } from 'node:util';
import { benchCrawl } from './crawl.js';
import { benchIngest } from './ingest.js';
import { saveResult } from './lib.js';
import { benchLoad } from './load.js';
import { benchEntities, benchNormalize } from './normalize.js';
import { benchPoliteness } from './politeness.js';
import { benchSearch } from './search.js';
import { benchWidget } from './widget.js';

const HELP = `Usage: npm run bench -- [options]

Suites:
  search     archive → rebuild time and index size with/without shadow fields, then
             /api/search with morphology on and off vs Meilisearch direct under load
  normalize  normalization docs/s vs @mozilla/readability + jsdom on the same pages,
             then the entities suite
  entities   entity extraction texts/s at a baseline ref (a temporary worktree) vs this tree
  crawl      the whole China MFA replica crawled vs plain undici fetches of the same URLs
  politeness the hostile site crawled with the default delay: minimum gap per host, items
             retried across runs
  ingest     npm run import of the State Department corpus: this tree vs a baseline ref
  widget     last keystroke → results painted in Chromium (30 queries) vs a bare
             fetch-and-render page; bundle size gzip and brotli
  load       the highest rate /api/search holds with p99 < 100 ms vs Meilisearch direct

Options:
  --only SUITE       run one suite (default: all)
  --docs N           documents for the search suite (default 100000)
  --duration S       seconds per load run (default 10)
  --concurrency N    requests in flight for the crawl suite (default 8)
  --baseline REF     git ref the ingest and entities suites compare with (default main)
  --rounds N         rounds of the ingest suite, each tree once a round (default 2)
  --load-duration S  seconds of the load suite's run at the rate found (default 60)
  --probe S          seconds of each probe of the load suite (default 5)
  -h, --help         show this help

Results: a table per suite on stdout, JSON in bench/results/<suite>.json.`;

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    docs: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '8' },
    baseline: { type: 'string', default: 'main' },
    rounds: { type: 'string', default: '2' },
    'load-duration': { type: 'string', default: '60' },
    probe: { type: 'string', default: '5' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const suites: Record<string, () => Promise<unknown>> = {
  search: () =>
    benchSearch({ documents: Number(values.docs), durationSeconds: Number(values.duration) }),
  normalize: () => benchNormalize(),
  entities: () => benchEntities(values.baseline),
  crawl: () => benchCrawl({ concurrency: Number(values.concurrency) }),
  politeness: () => benchPoliteness(),
  ingest: () => benchIngest({ baseline: values.baseline, rounds: Number(values.rounds) }),
  widget: () => benchWidget(),
  load: () =>
    benchLoad({
      durationSeconds: Number(values['load-duration']),
      probeSeconds: Number(values.probe),
    }),
};

const chosen = values.only ? [values.only] : Object.keys(suites);
for (const name of chosen) {
  const suite = suites[name];
  if (!suite) {
    console.error(`Unknown suite "${name}". Known: ${Object.keys(suites).join(', ')}`);
    process.exit(2);
  }
  console.error(`\n== ${name} ==`);
  const result = await suite();
  const file = await saveResult(name, {
    suite: name,
    at: new Date().toISOString(),
    ...(result as object),
  });
  console.log(`\nsaved ${file}`);
}
