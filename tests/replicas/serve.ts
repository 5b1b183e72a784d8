/**
 * Serves one replica from the command line, for the benchmark (which runs the
 * server in its own process so it does not share the crawler's CPU) and for
 * trying the crawler by hand:
 *
 *   npx tsx tests/replicas/serve.ts cn-mfa [--port 8801]
 *   SOURCE_BASE_URLS='{"cn-mfa":"http://127.0.0.1:8801"}' npm run crawl -- --source cn-mfa
 *
 * Prints one JSON line {"source", "url"} on stdout once it listens.
 */
import { parseArgs } from 'node:util';
import { startCnMfaReplica } from './cn-mfa.js';
import { startKzMfaReplica } from './kz-mfa.js';
import type { Replica } from './server.js';
import { startUsStateReplica } from './us-state.js';

const STARTERS: Record<string, (options: { port?: number }) => Promise<Replica>> = {
  'cn-mfa': startCnMfaReplica,
  'kz-mfa': startKzMfaReplica,
  'us-state': startUsStateReplica,
};

const { values, positionals } = parseArgs({
  options: { port: { type: 'string' } },
  allowPositionals: true,
});
const source = positionals[0] ?? '';
const start = STARTERS[source];
if (!start) {
  process.stderr.write(
    `Usage: tsx tests/replicas/serve.ts SOURCE [--port N]\nSources: ${Object.keys(STARTERS).join(', ')}\n`,
  );
  process.exit(2);
}
const replica = await start(values.port ? { port: Number(values.port) } : {});
process.stdout.write(`${JSON.stringify({ source, url: replica.baseUrl })}\n`);
const stop = () => void replica.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Started by a benchmark or a test that died without stopping it: do not outlive it.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop();
}, 1000).unref();
