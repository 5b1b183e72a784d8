/**
 * Load benchmark: the highest request rate /api/search holds on this machine
 * with p99 under 100 ms, next to the rate Meilisearch holds directly under
 * the same condition, in the same run, over the same index (the State
 * Department corpus) and the same fixed query mix.
 *
 * Each target is probed with short closed-loop runs at 1, 2, 4, … requests
 * in flight (then bisecting between the last that held and the first that
 * did not): the rate a target holds is the throughput at the most requests
 * in flight whose p99 stays under 100 ms without errors. One run of
 * `durationSeconds` (60 by default) at that concurrency gives the figures,
 * with the CPU time the API and Meilisearch processes spent per request
 * (from /proc): requests/s per core, which holds whatever else the machine
 * runs, where latency does not.
 * (autocannon's fixed-rate mode fires each second's requests in one burst,
 * which measures its bursts, not the server.)
 */
import { loadavg } from 'node:os';
import { importThroughScratchArchive } from '../tests/helpers/import.js';
import { sharedPath } from '../tests/helpers/shared.js';
import { cpuSeconds, printTable, type Row, startBenchMeili } from './lib.js';
import { directSearchBodies, type LoadResult, load, QUERY_MIX, startApi } from './search.js';

const P99_LIMIT_MS = 100;
const MAX_CONNECTIONS = 256;

export interface LoadBenchOptions {
  /** Seconds of the final run at the concurrency found. */
  durationSeconds: number;
  /** Seconds of each probe. */
  probeSeconds: number;
}

interface Probe extends LoadResult {
  connections: number;
  held: boolean;
}

function holds(result: LoadResult): boolean {
  return result.requests > 0 && result.p99 < P99_LIMIT_MS && result.errors + result.non2xx === 0;
}

/** The most requests in flight that still hold, found with short probes. */
async function highestConcurrency(
  name: string,
  run: (connections: number, seconds: number) => Promise<LoadResult>,
  probeSeconds: number,
): Promise<{ connections: number; probes: Probe[] }> {
  const probes: Probe[] = [];
  const probe = async (connections: number) => {
    const result = await run(connections, probeSeconds);
    const held = holds(result);
    probes.push({ connections, held, ...result });
    console.error(
      `  ${name} with ${connections} in flight: ${result.rps.toFixed(0)} req/s, p99 ${result.p99} ms, ${result.errors + result.non2xx} errors → ${held ? 'holds' : 'does not hold'}`,
    );
    return held;
  };
  let good = 0;
  let bad = 0;
  for (let connections = 1; connections <= MAX_CONNECTIONS; connections *= 2) {
    if (await probe(connections)) good = connections;
    else {
      bad = connections;
      break;
    }
  }
  while (bad - good > 1 && good > 0) {
    const middle = Math.round((good + bad) / 2);
    if (await probe(middle)) good = middle;
    else bad = middle;
  }
  return { connections: Math.max(1, good), probes };
}

export async function benchLoad(options: LoadBenchOptions) {
  const meili = await startBenchMeili();
  const index = 'bench-load';
  const loadBefore = loadavg();
  try {
    await meili.createIndex(index);
    const imported = await importThroughScratchArchive(
      sharedPath('corpus', 'state-dept', 'releases.jsonl'),
      {
        client: meili.client,
        indexUid: index,
        defaults: { source: 'us-state' },
      },
    );
    // On-disk size of the index, for the scaling notes (documents per GB).
    const stats = (await meili.client.getStats()) as {
      databaseSize: number;
      usedDatabaseSize?: number;
    };
    const usedBytes = stats.usedDatabaseSize ?? stats.databaseSize;
    const documentsPerGb = Math.round(imported.added / (usedBytes / 1e9));
    console.error(
      `${imported.added} documents use ${(usedBytes / 1e6).toFixed(1)} MB of Meilisearch's database (${documentsPerGb} documents per GB)`,
    );
    const api = await startApi(meili, index);
    const bodies = directSearchBodies(index);
    const viaApi = (connections: number, seconds: number) =>
      load({
        url: api.url,
        connections,
        duration: seconds,
        requests: QUERY_MIX.map((qs) => ({ method: 'GET' as const, path: `/api/search?${qs}` })),
      });
    const direct = (connections: number, seconds: number) =>
      load({
        url: meili.host,
        connections,
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
      await viaApi(4, 2);
      await direct(4, 2);
      console.error('probing the API…');
      const apiFound = await highestConcurrency('API', viaApi, options.probeSeconds);
      console.error('probing Meilisearch directly…');
      const directFound = await highestConcurrency('Meilisearch', direct, options.probeSeconds);
      console.error(`${options.durationSeconds} s runs at the concurrency found…`);
      // CPU time per request says what a core can do whatever else runs on the machine.
      const measured = async (run: () => Promise<LoadResult>) => {
        const before = { api: cpuSeconds(api.pid), meili: cpuSeconds(meili.pid) };
        const result = await run();
        const apiCpu = cpuSeconds(api.pid) - before.api;
        const meiliCpu = cpuSeconds(meili.pid) - before.meili;
        return { result, apiCpu, meiliCpu };
      };
      const apiRun = await measured(() => viaApi(apiFound.connections, options.durationSeconds));
      const directRun = await measured(() =>
        direct(directFound.connections, options.durationSeconds),
      );
      const apiFinal = apiRun.result;
      const directFinal = directRun.result;
      const perRequest = (cpu: number, r: LoadResult) =>
        r.requests > 0 ? (cpu * 1000) / r.requests : Number.NaN;
      const row = (
        target: string,
        connections: number,
        r: LoadResult,
        cpu: { apiCpu: number; meiliCpu: number },
        own: number,
      ): Row => ({
        target,
        'in flight': connections,
        'req/s': r.rps,
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        requests: r.requests,
        errors: r.errors + r.non2xx,
        'p99 < 100 ms': r.p99 < P99_LIMIT_MS ? 'yes' : 'no',
        'API CPU ms/req': perRequest(cpu.apiCpu, r),
        'Meili CPU ms/req': perRequest(cpu.meiliCpu, r),
        'req/s per core': r.requests / own,
      });
      const rows = [
        row(
          'API /api/search',
          apiFound.connections,
          apiFinal,
          apiRun,
          apiRun.apiCpu + apiRun.meiliCpu,
        ),
        row(
          'Meilisearch direct',
          directFound.connections,
          directFinal,
          { apiCpu: 0, meiliCpu: directRun.meiliCpu },
          directRun.meiliCpu,
        ),
        {
          target: 'ratio API/direct',
          'in flight': apiFound.connections / directFound.connections,
          'req/s': apiFinal.rps / directFinal.rps,
          'p50 ms': directFinal.p50 > 0 ? apiFinal.p50 / directFinal.p50 : Number.NaN,
          'p99 ms': directFinal.p99 > 0 ? apiFinal.p99 / directFinal.p99 : Number.NaN,
          requests: '',
          errors: '',
          'p99 < 100 ms': '',
          'API CPU ms/req': '',
          'Meili CPU ms/req': '',
          'req/s per core':
            apiFinal.requests /
            (apiRun.apiCpu + apiRun.meiliCpu) /
            (directFinal.requests / directRun.meiliCpu),
        },
      ];
      printTable(
        `Highest rate with p99 < ${P99_LIMIT_MS} ms (${imported.added} documents, ${QUERY_MIX.length} queries in a fixed mix, ${options.durationSeconds} s at the most requests in flight that hold; load average before ${loadBefore.map((l) => l.toFixed(1)).join(' ')})`,
        rows,
      );
      return {
        documents: imported.added,
        databaseBytes: usedBytes,
        documentsPerGb,
        p99LimitMs: P99_LIMIT_MS,
        durationSeconds: options.durationSeconds,
        loadAverageBefore: loadBefore,
        loadAverageAfter: loadavg(),
        api: { connections: apiFound.connections, final: apiFinal, probes: apiFound.probes },
        direct: {
          connections: directFound.connections,
          final: directFinal,
          probes: directFound.probes,
        },
        table: rows,
      };
    } finally {
      api.stop();
    }
  } finally {
    await meili.close();
  }
}
