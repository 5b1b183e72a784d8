/**
 * The API alone, in its own process, for load tests: reads the Meilisearch
 * connection from the environment and prints its URL on stdout.
 */
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/http/app.js';
import { createMeiliClient } from '../src/meili/client.js';
import { SearchService } from '../src/search/service.js';

const host = process.env.BENCH_MEILI_HOST ?? '';
const apiKey = process.env.BENCH_MEILI_KEY ?? '';
const index = process.env.BENCH_INDEX ?? 'releases';
const client = createMeiliClient({ host, apiKey, timeoutMs: 10_000 });
const morphology = process.env.BENCH_MORPHOLOGY !== 'off';
const app = createApp({
  search: new SearchService(client, index, { morphology }),
  settingsApplied: () => true,
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
