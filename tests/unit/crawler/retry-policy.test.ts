/** Within a run: how long a host waits before a retry, and when a request is given up. */
import { describe, expect, it } from 'vitest';
import { retryPause } from '../../../crawler/crawl/retry-policy.js';

const settings = { backoffBaseMs: 1000, backoffMaxMs: 60_000, maxRetryAfterMs: 120_000 };

describe('retryPause', () => {
  it('backs off exponentially without a Retry-After', () => {
    expect(retryPause(1, undefined, settings, () => 1)).toEqual({ pauseMs: 1000, giveUp: false });
    expect(retryPause(3, undefined, settings, () => 1)).toEqual({ pauseMs: 4000, giveUp: false });
  });

  it('waits what Retry-After says, never less than the back-off', () => {
    expect(retryPause(1, 30_000, settings, () => 1)).toEqual({ pauseMs: 30_000, giveUp: false });
    expect(retryPause(3, 0, settings, () => 1)).toEqual({ pauseMs: 4000, giveUp: false });
  });

  it('gives a request up for the run when Retry-After is longer than we wait, pausing the host as long as we would', () => {
    expect(retryPause(1, 3_600_000, settings)).toEqual({ pauseMs: 120_000, giveUp: true });
  });
});
