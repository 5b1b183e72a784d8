/**
 * A command-line entry point run as a user runs it: a real child process
 * with JSON logs, against the run's Meilisearch.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { inject } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

export interface CliRun {
  child: ChildProcess;
  done: Promise<CliResult>;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** JSON log lines. */
  stdout: string;
  /** Progress, summaries, usage errors. */
  stderr: string;
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
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<CliResult>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}
