/**
 * A command-line entry point run as a user runs it: a real child process
 * with JSON logs on standard error, against the run's Meilisearch.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { inject } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

export interface CliRun {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** The environment that points a command at the run's Meilisearch and an index of the test's own. */
export function meiliEnv(indexUid: string): Record<string, string> {
  return {
    MEILI_HOST: inject('meiliHost'),
    MEILI_MASTER_KEY: inject('meiliKey'),
    MEILI_INDEX: indexUid,
  };
}

export function spawnCli(script: string, args: string[], env: Record<string, string>): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    env: { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, done };
}
