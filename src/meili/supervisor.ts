/**
 * Watches Meilisearch while the service runs. The embedded process is
 * restarted when it exits on its own (with back-off; a crash loop is
 * reported as such, and restarts go on at the longest delay). Any engine,
 * embedded or external, is marked down when requests fail or /health stops
 * answering, and up again once /health answers: each change is logged once,
 * and failed requests in between are counted, not logged one by one.
 */
import { type Logger, silentLogger } from '../log.js';
import type { EmbeddedMeili, MeiliExit } from './launcher.js';

export type EngineState = 'up' | 'down' | 'restarting' | 'crash_loop' | 'stopped';

export interface EngineStatus {
  state: EngineState;
  /** When the state last changed (ISO 8601). */
  since: string;
  /** Why search cannot be served; absent while up. */
  reason?: string;
  embedded: boolean;
  /** PID of the embedded Meilisearch, while it runs. */
  pid: number | null;
  /** Restarts since this service started, and within the crash-loop window. */
  restarts: number;
  recentRestarts: number;
  lastExit: { at: string; code: number | null; signal: string | null } | null;
  /** Requests that failed because the engine did not answer, since start. */
  unavailableRequests: number;
}

export interface SupervisorOptions {
  /** The process to restart; absent for an external Meilisearch (MEILI_HOST). */
  embedded?: EmbeddedMeili | undefined;
  /** Resolves true when Meilisearch answers /health. */
  probe: () => Promise<boolean>;
  logger?: Logger;
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  crashLoopRestarts?: number;
  crashLoopWindowMs?: number;
  /** Time between health checks while up; while not up it is checked four times as often. */
  healthIntervalMs?: number;
}

type Listener = (status: EngineStatus, previous: EngineState) => void;

export class MeiliSupervisor {
  private state: EngineState = 'up';
  private since = new Date();
  private reason: string | undefined;
  private restarts = 0;
  private restartTimes: number[] = [];
  private lastExit: EngineStatus['lastExit'] = null;
  private unavailable = 0;
  private unavailableAtChange = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private probing = false;
  private restarting: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly listeners = new Set<Listener>();
  private readonly logger: Logger;
  private readonly restartDelayMs: number;
  private readonly maxRestartDelayMs: number;
  private readonly crashLoopRestarts: number;
  private readonly crashLoopWindowMs: number;
  private readonly healthIntervalMs: number;

  constructor(private readonly options: SupervisorOptions) {
    this.logger = (options.logger ?? silentLogger).child({ component: 'meilisearch' });
    this.restartDelayMs = options.restartDelayMs ?? 1000;
    this.maxRestartDelayMs = Math.max(this.restartDelayMs, options.maxRestartDelayMs ?? 30_000);
    this.crashLoopRestarts = options.crashLoopRestarts ?? 5;
    this.crashLoopWindowMs = options.crashLoopWindowMs ?? 300_000;
    this.healthIntervalMs = options.healthIntervalMs ?? 5000;
  }

  /** Starts watching an engine that boot() found healthy. */
  start(): void {
    this.unsubscribe = this.options.embedded?.onExit((exit) => this.exited(exit));
    this.scheduleProbe();
  }

  /** Calls `listener` on every state change; returns the unsubscribe function. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): EngineStatus {
    return {
      state: this.state,
      since: this.since.toISOString(),
      ...(this.reason === undefined ? {} : { reason: this.reason }),
      embedded: this.options.embedded !== undefined,
      pid: this.options.embedded?.running ? (this.options.embedded.pid ?? null) : null,
      restarts: this.restarts,
      recentRestarts: this.recentRestarts(),
      lastExit: this.lastExit,
      unavailableRequests: this.unavailable,
    };
  }

  /**
   * A request found Meilisearch not answering. The first one after it was up
   * marks it down (logged once); the rest are only counted.
   */
  reportUnavailable(error: unknown): void {
    if (this.state === 'up') {
      const detail = error instanceof Error ? (error.cause ?? error) : error;
      const why = detail instanceof Error ? detail.message : String(detail);
      this.change(
        'down',
        `Meilisearch does not answer (${why})`,
        'Meilisearch does not answer; search answers 503 until it is back (failed requests are counted, not logged one by one)',
      );
    }
    // Counted after the change, so the request that noticed it belongs to the time down.
    this.unavailable++;
  }

  /** Stops watching and stops the embedded process. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    clearTimeout(this.restartTimer);
    clearTimeout(this.probeTimer);
    await this.restarting?.catch(() => undefined);
    this.change('stopped', 'the service is shutting down');
    await this.options.embedded?.stop();
  }

  private recentRestarts(): number {
    const cutoff = Date.now() - this.crashLoopWindowMs;
    this.restartTimes = this.restartTimes.filter((t) => t >= cutoff);
    return this.restartTimes.length;
  }

  private change(state: EngineState, reason: string | undefined, message?: string): void {
    const previous = this.state;
    if (previous === state && this.reason === reason) return;
    this.state = state;
    this.reason = state === 'up' ? undefined : reason;
    const failedMeanwhile = this.unavailable - this.unavailableAtChange;
    this.unavailableAtChange = this.unavailable;
    const seconds = Math.round((Date.now() - this.since.getTime()) / 100) / 10;
    this.since = new Date();
    const fields = { state, previous, reason, restarts: this.restarts };
    if (state === 'up') {
      this.logger.info(
        { ...fields, downSeconds: seconds, failedRequests: failedMeanwhile },
        `Meilisearch answers again after ${seconds} s; ${failedMeanwhile} requests failed meanwhile`,
      );
    } else if (state === 'crash_loop') {
      this.logger.error(fields, message ?? reason);
    } else if (state !== 'stopped') {
      this.logger.warn(fields, message ?? reason);
    }
    const status = this.status();
    for (const listener of this.listeners) listener(status, previous);
    this.scheduleProbe();
  }

  private exited(exit: MeiliExit): void {
    if (exit.expected || this.state === 'stopped' || this.restarting) return;
    const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
    this.lastExit = { at: new Date().toISOString(), code: exit.code, signal: exit.signal };
    this.logger.error(
      { meiliPid: exit.pid, code: exit.code, signal: exit.signal, lastOutput: exit.lastOutput },
      `Meilisearch (pid ${exit.pid}) exited on its own with ${how}`,
    );
    this.scheduleRestart(`Meilisearch exited with ${how}`);
  }

  private scheduleRestart(cause: string): void {
    const recent = this.recentRestarts();
    const delay = Math.min(this.maxRestartDelayMs, this.restartDelayMs * 2 ** recent);
    if (recent >= this.crashLoopRestarts) {
      const window = Math.round(this.crashLoopWindowMs / 1000);
      this.change(
        'crash_loop',
        `crash loop: ${cause}; ${recent} restarts in the last ${window} s; next attempt in ${delay} ms`,
        `Meilisearch is in a crash loop (${recent} restarts in ${window} s; ${cause}); still restarting it every ${Math.round(delay / 1000)} s. Its last output is in the line above`,
      );
    } else {
      this.change('restarting', `${cause}; restarting in ${delay} ms`);
    }
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      this.restarting = this.restart(cause).finally(() => {
        this.restarting = undefined;
      });
    }, delay);
  }

  private async restart(cause: string): Promise<void> {
    const embedded = this.options.embedded;
    if (!embedded || this.stopped()) return;
    this.restarts++;
    this.restartTimes.push(Date.now());
    try {
      await embedded.start();
    } catch (error) {
      if (this.stopped()) return;
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error({ err: error, restarts: this.restarts }, 'restarting Meilisearch failed');
      this.scheduleRestart(`${cause}; restart failed: ${message.split('\n')[0]}`);
      return;
    }
    if (!this.stopped()) this.change('up', undefined);
  }

  /** A method, not a field test, so TypeScript does not narrow across awaits. */
  private stopped(): boolean {
    return this.state === 'stopped';
  }

  /** Health checks: while up, to notice a hung or vanished engine; while down, to see it return. */
  private scheduleProbe(): void {
    clearTimeout(this.probeTimer);
    if (this.state === 'stopped' || this.state === 'restarting' || this.state === 'crash_loop')
      return;
    const interval =
      this.state === 'up' ? this.healthIntervalMs : Math.max(25, this.healthIntervalMs / 4);
    this.probeTimer = setTimeout(() => void this.probeOnce(), interval);
    this.probeTimer.unref();
  }

  private async probeOnce(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    let healthy = false;
    try {
      healthy = await this.options.probe();
    } catch {
      healthy = false;
    } finally {
      this.probing = false;
    }
    if (this.state === 'stopped' || this.state === 'restarting' || this.state === 'crash_loop')
      return;
    if (healthy && this.state === 'down') this.change('up', undefined);
    else if (!healthy && this.state === 'up')
      this.change(
        'down',
        'Meilisearch does not answer its health check',
        'Meilisearch does not answer its health check; search answers 503 until it is back',
      );
    else this.scheduleProbe();
  }
}
