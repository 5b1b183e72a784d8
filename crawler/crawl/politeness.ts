/**
 * The parts of politeness Crawlee does not have: Retry-After, exponential
 * back-off with jitter, a per-host pause that every request to the host
 * waits for, and a per-host limit on requests in flight. (The per-host
 * minimum delay is Crawlee's `sameDomainDelaySecs`.)
 */

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date; undefined if absent or bad. */
export function parseRetryAfter(
  value: string | undefined | null,
  now = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/**
 * Exponential back-off with full jitter: a random delay in
 * [base·2^(attempt-1) / 2, base·2^(attempt-1)], capped at maxMs.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random = Math.random,
): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/** Per-host "not before" times set by Retry-After; every request to the host waits for it. */
export class HostPauses {
  private readonly until = new Map<string, number>();

  pause(host: string, ms: number): void {
    const at = Date.now() + ms;
    if ((this.until.get(host) ?? 0) < at) this.until.set(host, at);
  }

  /** How long a request to this host must still wait, in ms. */
  remaining(host: string): number {
    return Math.max(0, (this.until.get(host) ?? 0) - Date.now());
  }
}

/** At most `limit` requests in flight per host; the others wait their turn. */
export class HostLimiter {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(private readonly limit: number) {}

  async acquire(host: string): Promise<() => void> {
    const count = this.active.get(host) ?? 0;
    if (count < this.limit) {
      this.active.set(host, count + 1);
    } else {
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(host) ?? [];
        queue.push(resolve);
        this.waiting.set(host, queue);
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.get(host)?.shift();
      if (next) next();
      else this.active.set(host, (this.active.get(host) ?? 1) - 1);
    };
  }
}
