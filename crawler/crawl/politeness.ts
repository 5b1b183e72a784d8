/**
 * Politeness, enforced where a request leaves (the HTTP client): Retry-After,
 * exponential back-off with jitter, the per-host schedule of departures
 * (delay and pauses), and a per-host limit on requests in flight.
 *
 * Crawlee's own per-domain delay (`sameDomainDelaySecs`) is not used: it
 * checks the gap when a request is taken from the queue, not when it leaves
 * (so redirect hops and retries go out without a wait), and it puts a delayed
 * request back with a timer that only the autoscaled pool's interval picks
 * up again — an interval that waits for the task it started, so one hanging
 * request stalls every delayed one behind it.
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

/** Why a request waiting for its slot did not leave: the crawl is stopping. */
export class SlotAbortedError extends Error {
  readonly code = 'STOPPED';
}

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

interface HostSlots {
  /** Minimum gap between two requests leaving for the host. */
  delayMs: number;
  lastSentAt: number | undefined;
  /** A request was let go and has not yet been handed to the network: the next one waits for it. */
  sending: boolean;
  /** Not before this time (Retry-After, back-off). */
  pausedUntil: number;
  waiting: Waiter[];
  timer: NodeJS.Timeout | undefined;
}

/**
 * The per-host delay as a property of the host: every request to a host
 * (robots.txt, listings, items, retries, each redirect hop) takes the host's
 * next slot at the moment it leaves, in the order it asked. The next slot is
 * the last departure plus the host's delay, or later when a Retry-After or a
 * back-off paused the host: a pause moves the host's next slot, it is not a
 * sleep inside one request while the others go on.
 *
 * A departure is the moment the request was handed to the network (the
 * caller says so with `sent`), not the moment it was let go: when the
 * process is slow to write one request, the next still keeps its distance.
 */
export class HostSchedule {
  private readonly hosts = new Map<string, HostSlots>();

  constructor(
    private readonly defaultDelayMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private state(host: string): HostSlots {
    let state = this.hosts.get(host);
    if (!state) {
      state = {
        delayMs: this.defaultDelayMs,
        lastSentAt: undefined,
        sending: false,
        pausedUntil: 0,
        waiting: [],
        timer: undefined,
      };
      this.hosts.set(host, state);
    }
    return state;
  }

  /** Sets the host's gap (robots.txt Crawl-delay); never below the configured delay. */
  setDelay(host: string, ms: number): void {
    const state = this.state(host);
    state.delayMs = Math.max(this.defaultDelayMs, ms);
    this.pump(state);
  }

  delayOf(host: string): number {
    return this.state(host).delayMs;
  }

  /** Moves the host's next slot to at least `ms` from now. */
  pause(host: string, ms: number): void {
    const state = this.state(host);
    state.pausedUntil = Math.max(state.pausedUntil, this.now() + ms);
    this.pump(state);
  }

  /** When the next request to the host may leave (epoch ms). */
  nextSlot(host: string): number {
    return this.slotOf(this.state(host));
  }

  /**
   * Waits for the host's next slot and takes it: call right before the
   * request is sent, and call the function it returns once the request has
   * been handed to the network (or failed to be).
   */
  take(host: string, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new SlotAbortedError('the crawl is stopping'));
    const state = this.state(host);
    return new Promise<() => void>((resolve, reject) => {
      const onAbort = () => {
        const index = state.waiting.indexOf(waiter);
        if (index < 0) return;
        state.waiting.splice(index, 1);
        reject(new SlotAbortedError('the crawl is stopping'));
        this.pump(state);
      };
      let confirmed = false;
      const sent = () => {
        if (confirmed) return;
        confirmed = true;
        state.lastSentAt = Math.max(state.lastSentAt ?? 0, this.now());
        state.sending = false;
        this.pump(state);
      };
      const waiter: Waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(sent);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      state.waiting.push(waiter);
      this.pump(state);
    });
  }

  /** Rejects every waiting request and clears the timers. */
  close(): void {
    for (const state of this.hosts.values()) {
      clearTimeout(state.timer);
      for (const waiter of state.waiting.splice(0))
        waiter.reject(new SlotAbortedError('the crawl is stopping'));
    }
  }

  private slotOf(state: HostSlots): number {
    const afterLast = state.lastSentAt === undefined ? 0 : state.lastSentAt + state.delayMs;
    return Math.max(afterLast, state.pausedUntil);
  }

  private pump(state: HostSlots): void {
    clearTimeout(state.timer);
    state.timer = undefined;
    // One request at a time is let go; the next waits until it is on its way.
    if (state.sending || state.waiting.length === 0) return;
    const now = this.now();
    const slot = this.slotOf(state);
    if (slot > now) {
      state.timer = setTimeout(() => this.pump(state), slot - now);
      return;
    }
    const next = state.waiting.shift();
    state.lastSentAt = now;
    state.sending = true;
    next?.resolve();
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
