/**
 * How a source is doing, from what the archive knows: its recent runs, its
 * releases' dates and its items still pending or given up. Pure: numbers
 * in, a verdict out, so the API, the status page and `sources list` say the
 * same thing.
 *
 * Staleness compares the time since the newest release with the source's
 * own rhythm (the median gap between its recent releases): a ministry that
 * publishes daily is stale after a quiet week, one that publishes monthly
 * is not.
 */
import type { Archive } from '../../src/archive/archive.js';
import type { SourceDefinition } from '../sources/schema.js';

export interface RunSummary {
  status: 'running' | 'completed' | 'failed' | 'postponed' | 'stopped' | string;
  startedAt: string;
  finishedAt: string | null;
}

export interface HealthInput {
  /** Newest first. */
  runs: readonly RunSummary[];
  releases: number;
  /** Publication times of the newest releases (any order; only the last ~50 matter). */
  recentPublished: readonly string[];
  itemsPending: number;
  itemsGivenUp: number;
  verified: boolean;
  /** When a live check last passed (recorded by `sources check --live`). */
  verifiedAt: string | null;
  now: Date;
}

export interface SourceHealth {
  lastSuccess: string | null;
  lastRun: string | null;
  /** Share of the recent finished runs that failed or were postponed; null before any. */
  failureRate: number | null;
  recentRuns: number;
  releases: number;
  newestRelease: string | null;
  /** Median time between consecutive recent releases, in hours; null with fewer than 3 dated releases. */
  usualIntervalHours: number | null;
  stale: boolean;
  /** Why it is stale, in words. */
  staleReason: string | null;
  itemsPending: number;
  itemsGivenUp: number;
  verified: boolean;
  verifiedAt: string | null;
  /** ok · stale · failing · never-crawled: one word for tables. */
  status: 'ok' | 'stale' | 'failing' | 'never-crawled';
}

/** Runs looked at for the failure rate. */
export const RECENT_RUNS = 10;
/** Stale when the quiet time exceeds this many usual intervals … */
export const STALE_FACTOR = 4;
/** … and is at least this long (a source that publishes hourly is not stale after 5 hours). */
export const MIN_STALE_HOURS = 72;

const HOUR = 3_600_000;

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function days(hours: number): string {
  return hours >= 48 ? `${Math.round(hours / 24)} days` : `${Math.round(hours)} hours`;
}

export function sourceHealth(input: HealthInput): SourceHealth {
  const finished = input.runs.filter((r) => r.status !== 'running').slice(0, RECENT_RUNS);
  const failed = finished.filter((r) => r.status === 'failed' || r.status === 'postponed').length;
  const lastSuccess =
    input.runs.find((r) => r.status === 'completed')?.finishedAt ??
    input.runs.find((r) => r.status === 'completed')?.startedAt ??
    null;
  const times = input.recentPublished
    .map((p) => Date.parse(p))
    .filter((t) => !Number.isNaN(t))
    .sort((a, b) => b - a)
    .slice(0, 50);
  const newest = times[0];
  const gaps = times.slice(1).map((t, i) => ((times[i] ?? t) - t) / HOUR);
  const usual = times.length >= 3 ? median(gaps.filter((g) => g > 0)) : undefined;
  let staleReason: string | null = null;
  if (newest !== undefined && usual !== undefined) {
    const quiet = (input.now.getTime() - newest) / HOUR;
    const limit = Math.max(STALE_FACTOR * usual, MIN_STALE_HOURS);
    if (quiet > limit) {
      staleReason = `no new release for ${days(quiet)}; it usually publishes every ${days(usual)}`;
    }
  }
  const failureRate = finished.length > 0 ? failed / finished.length : null;
  const status: SourceHealth['status'] =
    input.runs.length === 0
      ? 'never-crawled'
      : failureRate !== null && failureRate >= 0.5
        ? 'failing'
        : staleReason
          ? 'stale'
          : 'ok';
  return {
    lastSuccess,
    lastRun: input.runs[0]?.startedAt ?? null,
    failureRate,
    recentRuns: finished.length,
    releases: input.releases,
    newestRelease: newest !== undefined ? new Date(newest).toISOString() : null,
    usualIntervalHours: usual !== undefined ? Math.round(usual * 10) / 10 : null,
    stale: staleReason !== null,
    staleReason,
    itemsPending: input.itemsPending,
    itemsGivenUp: input.itemsGivenUp,
    verified: input.verified || input.verifiedAt !== null,
    verifiedAt: input.verifiedAt,
    status,
  };
}

/** What the archive knows of a source, as health. */
export function healthOf(
  archive: Archive,
  source: Pick<SourceDefinition, 'id' | 'verified'>,
  now = new Date(),
): SourceHealth {
  const items = archive.items.states(source.id);
  return sourceHealth({
    runs: archive.runs.recent(source.id, RECENT_RUNS + 1),
    releases: archive.releases.count(source.id),
    recentPublished: archive.releases.recentPublished(source.id),
    itemsPending: items.failed,
    itemsGivenUp: items.gaveUp,
    verified: source.verified,
    verifiedAt: archive.checks.lastVerified(source.id),
    now,
  });
}

/** Health before anything was crawled (no archive). */
export function noHealth(
  source: Pick<SourceDefinition, 'verified'>,
  now = new Date(),
): SourceHealth {
  return sourceHealth({
    runs: [],
    releases: 0,
    recentPublished: [],
    itemsPending: 0,
    itemsGivenUp: 0,
    verified: source.verified,
    verifiedAt: null,
    now,
  });
}
