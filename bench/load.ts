/**
 * Load benchmark: the highest request rate /api/search holds on this machine
 * with p99 under 100 ms, next to the rate Meilisearch holds directly under
 * the same condition, in the same run, over the same index (the State
 * Department corpus) and the same fixed query mix.
 *
 * Each target is probed with short constant-rate runs (doubling, then
 * bisecting between the last rate that held and the first that did not);
 * then one run of `durationSeconds` (60 by default) at the rate found gives
 * the figures. A rate "holds" when p99 < 100 ms, no request fails, and the
 * rate reached is at least 95% of the rate asked for.
 */
import { loadavg } from 'node:os';
import { importJsonLines } from '../src/ingest/jsonl.js';
import { sharedPath } from '../tests/helpers/shared.js';
import { printTable, type Row, startBenchMeili } from './lib.js';
import { directSearchBodies, type LoadResult, load, QUERY_MIX, startApi } from './search.js';

const P99_LIMIT_MS = 100;
const CONNECTIONS = 64;

export interface LoadBenchOptions {
  /** Seconds of the final run at the rate found. */
  durationSeconds: number;
  /** Seconds of each probe. */
  probeSeconds: number;
}

interface Probe extends LoadResult {
  target: number;
  held: boolean;
}

function holds(result: LoadResult, target: number): boolean {
  return (
    result.p99 < P99_LIMIT_MS && result.errors + result.non2xx === 0 && result.rps >= target * 0.95
  );
}

/** The highest constant rate that holds, found with short probes. */
async function highestRate(
  name: string,
  run: (rate: number, seconds: number) => Promise<LoadResult>,
  probeSeconds: number,
): Promise<{ rate: number; probes: Probe[] }> {
  const probes: Probe[] = [];
  const probe = async (target: number) => {
    const result = await run(target, probeSeconds);
    const held = holds(result, target);
    probes.push({ target, held, ...result });
    console.error(
      `  ${name} @ ${target} req/s: p99 ${result.p99} ms, ${result.rps.toFixed(0)} req/s, ${result.errors + result.non2xx} errors → ${held ? 'holds' : 'does not hold'}`,
    );
    return held;
  };
  let good = 0;
  let bad = 0;
  for (let target = 25; target <= 20_000; target *= 2) {
    if (await probe(target)) good = target;
    else {
      bad = target;
      break;
    }
  }
  if (bad === 0) return { rate: good, probes };
  // Bisect to within 10% (or 5 req/s).
  while (bad - good > Math.max(5, good * 0.1)) {
    const middle = Math.round((good + bad) / 2);
    if (await probe(middle)) good = middle;
    else bad = middle;
  }
  return { rate: good, probes };
}

export async function benchLoad(options: LoadBenchOptions) {
  const meili = await startBenchMeili();
  const index = 'bench-load';
  const loadBefore = loadavg();
  try {
    await meili.createIndex(index);
    const imported = await importJsonLines(sharedPath('corpus', 'state-dept', 'releases.jsonl'), {
      client: meili.client,
      indexUid: index,
      defaults: { source: 'us-state' },
    });
    const api = await startApi(meili, index);
    const bodies = directSearchBodies(index);
    const viaApi = (rate: number, seconds: number) =>
      load({
        url: api.url,
        connections: CONNECTIONS,
        overallRate: rate,
        duration: seconds,
        requests: QUERY_MIX.map((qs) => ({ method: 'GET' as const, path: `/api/search?${qs}` })),
      });
    const direct = (rate: number, seconds: number) =>
      load({
        url: meili.host,
        connections: CONNECTIONS,
        overallRate: rate,
        duration: seconds,
        requests: bodies.map((body) => ({
          method: 'POST' as const,
          path: '/multi-search',
          body,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${meili.apiKey}` },
        })),
      });
    try {
      // Warm both paths.
      await viaApi(50, 2);
      await direct(50, 2);
      console.error('probing the API…');
      const apiRate = await highestRate('API', viaApi, options.probeSeconds);
      console.error('probing Meilisearch directly…');
      const directRate = await highestRate('Meilisearch', direct, options.probeSeconds);
      console.error(`${options.durationSeconds} s runs at the rates found…`);
      const apiFinal = await viaApi(apiRate.rate, options.durationSeconds);
      const directFinal = await direct(directRate.rate, options.durationSeconds);
      const row = (target: string, rate: number, r: LoadResult): Row => ({
        target,
        'rate asked': rate,
        'req/s': r.rps,
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        requests: r.requests,
        errors: r.errors + r.non2xx,
        'p99 < 100 ms': r.p99 < P99_LIMIT_MS ? 'yes' : 'no',
      });
      const rows = [
        row('API /api/search', apiRate.rate, apiFinal),
        row('Meilisearch direct', directRate.rate, directFinal),
        {
          target: 'ratio API/direct',
          'rate asked': apiRate.rate / directRate.rate,
          'req/s': apiFinal.rps / directFinal.rps,
          'p50 ms': directFinal.p50 > 0 ? apiFinal.p50 / directFinal.p50 : Number.NaN,
          'p99 ms': directFinal.p99 > 0 ? apiFinal.p99 / directFinal.p99 : Number.NaN,
          requests: '',
          errors: '',
          'p99 < 100 ms': '',
        },
      ];
      printTable(
        `Highest rate with p99 < ${P99_LIMIT_MS} ms (${imported.added} documents, ${QUERY_MIX.length} queries in a fixed mix, ${CONNECTIONS} connections, ${options.durationSeconds} s at the rate found; load average before ${loadBefore.map((l) => l.toFixed(1)).join(' ')})`,
        rows,
      );
      return {
        documents: imported.added,
        connections: CONNECTIONS,
        p99LimitMs: P99_LIMIT_MS,
        durationSeconds: options.durationSeconds,
        loadAverageBefore: loadBefore,
        loadAverageAfter: loadavg(),
        api: { rate: apiRate.rate, final: apiFinal, probes: apiRate.probes },
        direct: { rate: directRate.rate, final: directFinal, probes: directRate.probes },
        table: rows,
      };
    } finally {
      api.stop();
    }
  } finally {
    await meili.close();
  }
}
