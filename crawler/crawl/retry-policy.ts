/**
 * When a failed request is tried again: within the run (how long its host
 * waits first — a pause of the host, so the retry and every other request to
 * the host keep to it), and across runs (an item whose tries ran out stays
 * pending with a next-attempt time and exponential back-off, until it is
 * given up).
 */
import type { CrawlErrorCode } from './errors.js';
import { backoffDelay } from './politeness.js';
import type { CrawlSettings } from './settings.js';

export interface RetryPause {
  /** How long the host's next slot moves, in ms. */
  pauseMs: number;
  /** The server asked for a longer wait than we honour: the request is given up for this run. */
  giveUp: boolean;
}

/**
 * The pause before retry number `attempt` (1 = the first retry): the server's
 * Retry-After when it sent one, never less than the exponential back-off.
 */
export function retryPause(
  attempt: number,
  retryAfterMs: number | undefined,
  settings: Pick<CrawlSettings, 'backoffBaseMs' | 'backoffMaxMs' | 'maxRetryAfterMs'>,
  random = Math.random,
): RetryPause {
  if (retryAfterMs !== undefined && retryAfterMs > settings.maxRetryAfterMs) {
    return { pauseMs: settings.maxRetryAfterMs, giveUp: true };
  }
  const backoff = backoffDelay(
    attempt,
    { baseMs: settings.backoffBaseMs, maxMs: settings.backoffMaxMs },
    random,
  );
  return { pauseMs: Math.max(retryAfterMs ?? 0, backoff), giveUp: false };
}

/**
 * Answers another try will not change: the item is refused (never fetched
 * again) rather than retried. Everything else — time-outs, refused
 * connections, 429 and 5xx whose tries ran out, an unreadable robots.txt of a
 * redirect's host — is transient: tried again in a later run.
 */
const FINAL_CODES: ReadonlySet<string> = new Set<CrawlErrorCode>([
  'TOO_LARGE',
  'REDIRECT_LOOP',
  'TOO_MANY_REDIRECTS',
  'ROBOTS_DISALLOWED',
  'OFF_SITE_REDIRECT',
  'UNSUPPORTED_CONTENT',
]);

export interface AcrossRuns {
  /** Runs in which a failing item is tried before it is given up. */
  maxRuns: number;
  /** Wait before the second run's try; doubles with each failed run. */
  backoffMs: number;
}

export type ItemFate =
  | { state: 'failed'; attempts: number; nextAttemptAt: string }
  | { state: 'gave_up'; attempts: number }
  | { state: 'refused'; attempts: number };

/**
 * What becomes of an item whose fetch failed in this run, after
 * `previousAttempts` failed runs before: tried again after an exponential
 * back-off (never sooner than a Retry-After the site sent), given up after
 * `maxRuns` failed runs, or refused for good. A stop (Ctrl-C) is no failure:
 * the item is due at once and the stop costs it no attempt.
 */
export function itemFate(
  code: string,
  previousAttempts: number,
  policy: AcrossRuns,
  now: number,
  retryAfterMs?: number,
): ItemFate {
  if (code === 'STOPPED') {
    return {
      state: 'failed',
      attempts: previousAttempts,
      nextAttemptAt: new Date(now).toISOString(),
    };
  }
  const attempts = previousAttempts + 1;
  if (FINAL_CODES.has(code)) return { state: 'refused', attempts };
  if (attempts >= policy.maxRuns) return { state: 'gave_up', attempts };
  const wait = Math.max(policy.backoffMs * 2 ** (attempts - 1), retryAfterMs ?? 0);
  return { state: 'failed', attempts, nextAttemptAt: new Date(now + wait).toISOString() };
}
