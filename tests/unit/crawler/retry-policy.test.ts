/** Within a run: how long a host waits before a retry, and when a request is given up. */
import { describe, expect, it } from 'vitest';
import { itemFate, retryPause } from '../../../crawler/crawl/retry-policy.js';

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

describe('itemFate (across runs)', () => {
  const policy = { maxRuns: 4, backoffMs: 3_600_000 };
  const now = Date.parse('2024-07-01T00:00:00Z');

  it('keeps a transient failure pending, the wait doubling with each failed run', () => {
    expect(itemFate('TIMEOUT', 0, policy, now)).toEqual({
      state: 'failed',
      attempts: 1,
      nextAttemptAt: '2024-07-01T01:00:00.000Z',
    });
    expect(itemFate('RATE_LIMITED', 2, policy, now)).toEqual({
      state: 'failed',
      attempts: 3,
      nextAttemptAt: '2024-07-01T04:00:00.000Z',
    });
  });

  it('never tries again before a Retry-After the site sent', () => {
    expect(itemFate('RATE_LIMITED', 0, policy, now, 86_400_000)).toMatchObject({
      nextAttemptAt: '2024-07-02T00:00:00.000Z',
    });
  });

  it('gives up after maxRuns failed runs', () => {
    expect(itemFate('CONNECT_FAILED', 3, policy, now)).toEqual({ state: 'gave_up', attempts: 4 });
  });

  it('refuses for good what another try will not change', () => {
    for (const code of ['TOO_LARGE', 'REDIRECT_LOOP', 'ROBOTS_DISALLOWED', 'OFF_SITE_REDIRECT']) {
      expect(itemFate(code, 0, policy, now).state, code).toBe('refused');
    }
  });

  it('does not count a stop as a failure: due at once, no attempt used', () => {
    expect(itemFate('STOPPED', 2, policy, now)).toEqual({
      state: 'failed',
      attempts: 2,
      nextAttemptAt: '2024-07-01T00:00:00.000Z',
    });
  });
});
