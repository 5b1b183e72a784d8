/**
 * Serves one replica from the command line, for the benchmark (which runs the
 * server in its own process so it does not share the crawler's CPU) and for
 * trying the crawler by hand:
 *
 *   npx tsx tests/replicas/serve.ts cn-mfa --port 8801
 *   SOURCE_BASE_URL_CN_MFA=http://127.0.0.1:8801 npm run crawl -- --source cn-mfa
 *
 * Prints one JSON line once it listens: {"source", "url", "env"}, where `env`
 * holds the variable (SOURCE_BASE_URL_<ID>) that points the crawler at it.
 */
import { parseArgs } from 'node:util';
import { sourceBaseUrlVariable } from '../../src/config/env.js';
import { startCnMfaReplica } from './cn-mfa.js';
import { startKzMfaReplica } from './kz-mfa.js';
import type { Replica } from './server.js';
import { startUsStateReplica } from './us-state.js';

const STARTERS: Record<string, (options: { port?: number }) => Promise<Replica>> = {
  'cn-mfa': startCnMfaReplica,
  'kz-mfa': startKzMfaReplica,
  'us-state': startUsStateReplica,
};

const USAGE = `Usage: npx tsx tests/replicas/serve.ts SOURCE [--port N]
Sources: ${Object.keys(STARTERS).join(', ')}
Then crawl it: ${sourceBaseUrlVariable('cn-mfa')}=http://127.0.0.1:N npm run crawl -- --source cn-mfa
`;

const { values, positionals } = parseArgs({
  options: { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  allowPositionals: true,
});
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const source = positionals[0] ?? '';
const start = STARTERS[source];
if (!start) {
  process.stderr.write(USAGE);
  process.exit(2);
}
const replica = await start(values.port ? { port: Number(values.port) } : {});
process.stdout.write(
  `${JSON.stringify({ source, url: replica.baseUrl, env: { [sourceBaseUrlVariable(source)]: replica.baseUrl } })}\n`,
);
const stop = () => void replica.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Started by a benchmark or a test that died without stopping it: do not outlive it.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop();
}, 1000).unref();
