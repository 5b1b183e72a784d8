/**
 * `npm start` in a child process, as a user runs it: JSON logs on stdout are
 * collected, and the URL it serves on is read from its "serving search" line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const root = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  /** The PID the server printed in its "serving search" line. */
  pid: number;
  /** Every log line so far, parsed (stderr text is kept as { stderr }). */
  lines: Record<string, unknown>[];
  /** SIGTERM, then the exit code. */
  stop: () => Promise<number | null>;
}

/** `via: 'npm'` runs `npm start` itself, as a user or a process manager does. */
export async function startServerProcess(
  env: Record<string, string>,
  options: { via?: 'node' | 'npm' } = {},
): Promise<ServerProcess> {
  const [command, args] =
    options.via === 'npm'
      ? ['npm', ['start', '--silent']]
      : [process.execPath, ['--import', 'tsx', 'src/server.ts']];
  const child = spawn(command, args, {
    cwd: root,
    // Tests poll status endpoints in loops; the rate limit has its own tests.
    env: {
      ...process.env,
      PORT: '0',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      RATE_LIMIT_MAX: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  child.stderr?.on('data', (chunk) => lines.push({ stderr: String(chunk) }));
  const dump = () => lines.map((l) => JSON.stringify(l)).join('\n');
  let pid = 0;
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${dump()}`)), 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      lines.push(entry);
      if (typeof entry.url === 'string' && /serving search/.test(String(entry.msg))) {
        pid = Number(/\(pid (\d+)/.exec(String(entry.msg))?.[1]);
        clearTimeout(timer);
        resolve(entry.url.replace(/\/$/, ''));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${dump()}`));
    });
  });
  const stop = () => {
    const exited = new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) resolve(child.exitCode);
      else child.once('exit', (code) => resolve(code));
    });
    child.kill('SIGTERM');
    return exited;
  };
  return { child, baseUrl, pid, lines, stop };
}
