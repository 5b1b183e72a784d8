/** Shared pieces of the benchmarks: a temporary Meilisearch, tables, results. */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildIndexSettings } from '../index-config/settings.js';
import { applySettings } from '../src/indexing/settings.js';
import { createMeiliClient } from '../src/meili/client.js';
import { EmbeddedMeili, resolveMeiliBinary } from '../src/meili/launcher.js';
import { PROJECT_ROOT } from '../src/version.js';

export interface BenchMeili {
  host: string;
  apiKey: string;
  client: ReturnType<typeof createMeiliClient>;
  /** PID of the Meilisearch process (to read its CPU time). */
  pid: number | undefined;
  createIndex: (uid: string) => Promise<void>;
  close: () => Promise<void>;
}

export async function startBenchMeili(): Promise<BenchMeili> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-meili-'));
  const binary = await resolveMeiliBinary({ explicit: process.env.MEILI_BINARY, dataDir: dir });
  const apiKey = randomBytes(24).toString('hex');
  const meili = new EmbeddedMeili({ binary, dataDir: dir, masterKey: apiKey });
  const host = await meili.start();
  const client = createMeiliClient({ host, apiKey, timeoutMs: 60_000 });
  return {
    host,
    apiKey,
    client,
    pid: meili.pid,
    createIndex: async (uid) => {
      await applySettings(client, uid, buildIndexSettings());
    },
    close: async () => {
      await meili.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type Row = Record<string, string | number>;

export function printTable(title: string, rows: Row[]): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] ?? {});
  const cell = (value: string | number | undefined) =>
    typeof value === 'number'
      ? Number.isInteger(value)
        ? String(value)
        : value.toFixed(2)
      : (value ?? '');
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) =>
    `| ${values.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(`\n${title}`);
  console.log(line(columns));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(columns.map((c) => cell(row[c]))));
}

export async function saveResult(name: string, data: unknown): Promise<string> {
  const dir = path.join(PROJECT_ROOT, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name; in clock ticks.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/** sysconf(_SC_CLK_TCK): 100 on Linux on every platform Node supports. */
const CLOCK_TICKS = 100;
