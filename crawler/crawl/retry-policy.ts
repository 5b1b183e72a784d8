/**
 * When a failed request is tried again within a run, and how long its host
 * waits first. The wait is a pause of the host (its next slot moves), so the
 * retry and every other request to the host keep to it.
 */

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
