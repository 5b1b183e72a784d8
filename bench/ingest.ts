/**
 * Ingest benchmark: `npm run import` of the State Department corpus (2,025
 * releases), end to end as users run it (process start, settings, reading,
 * normalizing, grouping, indexing), for this tree and for a baseline tree
 * (`main` by default: `--baseline REF`), against one Meilisearch, rounds
 * alternating so both see the same machine. Documents/s = documents in the
 * index at the end ÷ wall time of the command.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/version.js';
import { sharedPath } from '../tests/helpers/shared.js';
import { printTable, type Row, startBenchMeili } from './lib.js';

export interface IngestBenchOptions {
  /** Git ref of the baseline tree. */
  baseline: string;
  rounds: number;
}

/** The baseline's files (no .git) beside this tree's node_modules. */
async function checkout(ref: string, dir: string): Promise<string> {
  const tree = path.join(dir, 'baseline');
  await mkdir(tree, { recursive: true });
  const archive = execFileSync('git', ['-C', PROJECT_ROOT, 'archive', '--format=tar', ref], {
    maxBuffer: 1 << 30,
  });
  execFileSync('tar', ['-x', '-C', tree], { input: archive });
  await symlink(path.join(PROJECT_ROOT, 'node_modules'), path.join(tree, 'node_modules'));
  return tree;
}

function runImport(
  tree: string,
  env: Record<string, string>,
  corpus: string,
): Promise<{ seconds: number; code: number | null; stderr: string }> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/import.ts', corpus, '--source', 'us-state'],
    {
      cwd: tree,
      env: { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) =>
    child.once('exit', (code) =>
      resolve({ seconds: (performance.now() - started) / 1000, code, stderr }),
    ),
  );
}

export async function benchIngest(options: IngestBenchOptions) {
  const corpus = sharedPath('corpus', 'state-dept', 'releases.jsonl');
  const meili = await startBenchMeili();
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-ingest-'));
  try {
    const trees = { baseline: await checkout(options.baseline, dir), current: PROJECT_ROOT };
    const rows: Row[] = [];
    const raw: Record<string, { seconds: number; documents: number }[]> = {
      baseline: [],
      current: [],
    };
    for (let round = 1; round <= options.rounds; round++) {
      for (const name of ['baseline', 'current'] as const) {
        const uid = `ingest-${name}-${round}`;
        const dataDir = path.join(dir, `data-${name}-${round}`);
        console.error(`round ${round}: importing with ${name}…`);
        const result = await runImport(
          trees[name],
          {
            MEILI_HOST: meili.host,
            MEILI_MASTER_KEY: meili.apiKey,
            MEILI_INDEX: uid,
            DATA_DIR: dataDir,
          },
          corpus,
        );
        if (result.code !== 0 && result.code !== 1) {
          throw new Error(
            `the ${name} import exited ${result.code}: ${result.stderr.slice(-2000)}`,
          );
        }
        const documents = (await meili.client.index(uid).getStats()).numberOfDocuments;
        raw[name]?.push({ seconds: result.seconds, documents });
        rows.push({
          round,
          tree: name === 'baseline' ? `${options.baseline} (before)` : 'this tree (after)',
          archive: existsSync(path.join(dataDir, 'archive.db')) ? 'yes' : 'no',
          documents,
          seconds: result.seconds,
          'docs/s': documents / result.seconds,
        });
      }
    }
    const median = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const mid = Math.floor(sorted.length / 2);
      return sorted.length % 2
        ? (sorted[mid] ?? 0)
        : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
    };
    const rate = (name: 'baseline' | 'current') =>
      median((raw[name] ?? []).map((r) => r.documents / r.seconds));
    const ratio = rate('current') / rate('baseline');
    printTable('Import of the State Department corpus (npm run import, wall time)', rows);
    console.log(
      `\nmedian docs/s: before ${rate('baseline').toFixed(1)}, after ${rate('current').toFixed(1)} (after/before ${ratio.toFixed(2)})`,
    );
    return {
      baseline: options.baseline,
      rounds: rows,
      medianDocsPerSecond: { before: rate('baseline'), after: rate('current') },
      ratio,
    };
  } finally {
    await meili.close();
    await rm(dir, { recursive: true, force: true });
  }
}
