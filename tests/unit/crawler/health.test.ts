/** Per-source health from runs and release dates: failure rate, last success, the usual rhythm, staleness. */
import { describe, expect, it } from 'vitest';
import { type HealthInput, sourceHealth } from '../../../crawler/crawl/health.js';

const now = new Date('2024-06-30T12:00:00Z');
const base: HealthInput = {
  runs: [],
  releases: 0,
  recentPublished: [],
  itemsPending: 0,
  itemsGivenUp: 0,
  verified: true,
  verifiedAt: null,
  now,
};
const daily = (from: string, count: number) =>
  Array.from({ length: count }, (_v, i) =>
    new Date(Date.parse(from) - i * 86_400_000).toISOString(),
  );
const run = (status: string, startedAt: string) => ({
  status,
  startedAt,
  finishedAt: status === 'running' ? null : startedAt,
});

describe('sourceHealth', () => {
  it('says a source was never crawled', () => {
    expect(sourceHealth(base)).toMatchObject({
      status: 'never-crawled',
      lastSuccess: null,
      failureRate: null,
      stale: false,
    });
  });

  it('counts failures over the recent finished runs and finds the last success', () => {
    const health = sourceHealth({
      ...base,
      runs: [
        run('running', '2024-06-30T11:00:00Z'),
        run('postponed', '2024-06-30T06:00:00Z'),
        run('failed', '2024-06-30T00:00:00Z'),
        run('completed', '2024-06-29T18:00:00Z'),
        run('completed', '2024-06-29T12:00:00Z'),
      ],
      releases: 40,
      recentPublished: daily('2024-06-29T09:00:00Z', 40),
    });
    expect(health).toMatchObject({
      lastSuccess: '2024-06-29T18:00:00Z',
      lastRun: '2024-06-30T11:00:00Z',
      recentRuns: 4,
      failureRate: 0.5,
      status: 'failing',
      usualIntervalHours: 24,
      stale: false,
    });
  });

  it('calls a daily publisher stale after a quiet week, and says why', () => {
    const health = sourceHealth({
      ...base,
      runs: [run('completed', '2024-06-30T06:00:00Z')],
      recentPublished: daily('2024-06-22T09:00:00Z', 30),
    });
    expect(health.status).toBe('stale');
    expect(health.staleReason).toBe(
      'no new release for 8 days; it usually publishes every 24 hours',
    );
  });

  it('does not call a monthly publisher stale after three quiet weeks', () => {
    const monthly = Array.from({ length: 12 }, (_v, i) =>
      new Date(Date.UTC(2024, 5 - i, 9)).toISOString(),
    );
    const health = sourceHealth({
      ...base,
      runs: [run('completed', '2024-06-30T06:00:00Z')],
      recentPublished: monthly,
    });
    expect(health.usualIntervalHours).toBeGreaterThan(24 * 27);
    expect(health).toMatchObject({ stale: false, status: 'ok' });
  });

  it('needs three dated releases before it judges a rhythm', () => {
    const health = sourceHealth({
      ...base,
      runs: [run('completed', '2024-06-30T06:00:00Z')],
      recentPublished: ['2020-01-01T00:00:00Z', '2019-12-01T00:00:00Z', 'not a date'],
    });
    expect(health).toMatchObject({
      usualIntervalHours: null,
      stale: false,
      newestRelease: '2020-01-01T00:00:00.000Z',
    });
  });

  it('shows a passing live check as verified, with its time', () => {
    expect(
      sourceHealth({ ...base, verified: false, verifiedAt: '2024-06-01T10:00:00Z' }),
    ).toMatchObject({ verified: true, verifiedAt: '2024-06-01T10:00:00Z' });
    expect(sourceHealth({ ...base, verified: false })).toMatchObject({ verified: false });
  });
});
