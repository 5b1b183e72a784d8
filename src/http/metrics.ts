/**
 * Prometheus metrics (prom-client) for GET /api/metrics: request latency by
 * route and status, API errors by code, requests Node refused, the
 * engine's state and restarts, and figures read at scrape time from the
 * archive and the index (releases, pending, failed, index lag, crawl totals).
 */
import type { NextFunction, Request, Response } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { EngineState, EngineStatus } from '../meili/supervisor.js';
import type { ArchiveFigures } from '../ops/archive-figures.js';

export interface MetricsSources {
  engine?: () => EngineStatus;
  archive?: () => ArchiveFigures;
  /** Documents in the index; rejects when Meilisearch does not answer. */
  indexed?: () => Promise<number>;
}

const ENGINE_STATES: EngineState[] = ['up', 'down', 'restarting', 'crash_loop', 'stopped'];

interface Snapshot {
  engine?: EngineStatus | undefined;
  archive?: ArchiveFigures | undefined;
  indexed?: number | undefined;
}

export class Metrics {
  readonly registry = new Registry();
  private sources: MetricsSources = {};
  private snapshot: Snapshot = {};
  private readonly duration = new Histogram({
    name: 'press_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly errors = new Counter({
    name: 'press_api_errors_total',
    help: 'Error answers of the API by route and error code (SEARCH_UNAVAILABLE, INVALID_PARAMETER, …)',
    labelNames: ['route', 'code'] as const,
    registers: [this.registry],
  });
  private readonly refused = new Counter({
    name: 'press_http_refused_total',
    help: 'Requests refused before routing (oversized head, malformed HTTP, slow client), by code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics !== false)
      collectDefaultMetrics({ register: this.registry, prefix: 'press_' });
    const registers = [this.registry];
    const now = () => this.snapshot;
    /** A gauge read from the scrape's snapshot; left out when the value is unknown. */
    const gauge = (name: string, help: string, value: (s: Snapshot) => number | undefined) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.reset();
          const v = value(now());
          if (v !== undefined) this.set(v);
        },
      });
    gauge('press_meilisearch_up', '1 when Meilisearch answers, 0 otherwise', (s) =>
      s.engine ? Number(s.engine.state === 'up') : undefined,
    );
    new Gauge({
      name: 'press_meilisearch_state',
      help: 'State of Meilisearch as the supervisor sees it (1 for the current state)',
      labelNames: ['state'] as const,
      registers,
      collect() {
        const { engine } = now();
        if (!engine) return;
        for (const state of ENGINE_STATES) this.set({ state }, engine.state === state ? 1 : 0);
      },
    });
    gauge(
      'press_meilisearch_restarts_total',
      'Restarts of the embedded Meilisearch since the service started',
      (s) => s.engine?.restarts,
    );
    gauge(
      'press_meilisearch_unavailable_requests_total',
      'Requests that failed because Meilisearch did not answer, since the service started',
      (s) => s.engine?.unavailableRequests,
    );
    new Gauge({
      name: 'press_releases',
      help: 'Releases in the archive and documents in the index',
      labelNames: ['store'] as const,
      registers,
      collect() {
        this.reset();
        const { archive, indexed } = now();
        if (archive) this.set({ store: 'archive' }, archive.releases);
        // An engine that does not answer leaves the series out rather than report a guess.
        if (indexed !== undefined) this.set({ store: 'index' }, indexed);
      },
    });
    gauge(
      'press_releases_pending_index',
      'Releases whose current version is not in the index yet',
      (s) => s.archive?.pending,
    );
    gauge(
      'press_releases_index_failed',
      'Pending releases whose last indexing attempt failed (retried at the next sync)',
      (s) => s.archive?.indexFailed,
    );
    gauge(
      'press_releases_refused',
      'Releases Meilisearch refused in their current version (kept in the archive until they change)',
      (s) => s.archive?.refused,
    );
    gauge(
      'press_index_lag_seconds',
      'Age of the oldest release change not yet searchable (0 when none is pending)',
      (s) => s.archive?.indexLagSeconds,
    );
    const crawlCounter = (
      name: string,
      help: string,
      values: (c: ArchiveFigures['crawl'][number]) => [Record<string, string>, number][],
    ) =>
      new Counter({
        name,
        help,
        labelNames: ['source', 'code'],
        registers,
        collect() {
          this.reset();
          for (const c of now().archive?.crawl ?? [])
            for (const [labels, n] of values(c)) this.inc({ source: c.source, ...labels }, n);
        },
      });
    crawlCounter(
      'press_crawl_pages_total',
      'Pages fetched by the crawler, per source (all runs in the archive)',
      (c) => [[{}, c.pages]],
    );
    crawlCounter(
      'press_crawl_releases_new_total',
      'New releases found by the crawler, per source',
      (c) => [[{}, c.releasesNew]],
    );
    crawlCounter(
      'press_crawl_releases_updated_total',
      'Changed releases found by the crawler, per source',
      (c) => [[{}, c.releasesUpdated]],
    );
    crawlCounter(
      'press_crawl_errors_total',
      'Crawl problems by source and code (ITEM_GONE, TIMEOUT, …), all runs in the archive',
      (c) => Object.entries(c.errors).map(([code, n]) => [{ code }, n]),
    );
  }

  /** Where scrape-time figures come from (the server wires them after start-up). */
  observe(sources: MetricsSources): void {
    this.sources = { ...this.sources, ...sources };
  }

  /** Times each request; the route label is the matched route, never the raw URL. */
  middleware() {
    return (request: Request, response: Response, next: NextFunction) => {
      const stop = this.duration.startTimer();
      response.on('finish', () => {
        stop({
          method: request.method,
          route: routeOf(request),
          status: String(response.statusCode),
        });
      });
      next();
    };
  }

  apiError(request: Request, code: string): void {
    this.errors.inc({ route: routeOf(request), code });
  }

  clientRefused(code: string): void {
    this.refused.inc({ code });
  }

  /** Reads the engine, the archive and the index once, then renders every metric. */
  async text(): Promise<string> {
    const { engine, archive, indexed } = this.sources;
    this.snapshot = {
      engine: engine?.(),
      archive: archive?.(),
      indexed: indexed ? await indexed().catch(() => undefined) : undefined,
    };
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** The route's pattern ("/api/releases/:id"), so labels stay few whatever URLs arrive. */
function routeOf(request: Request): string {
  const route = (request as Request & { route?: { path?: unknown } }).route?.path;
  return typeof route === 'string' ? `${request.baseUrl}${route}` : 'unmatched';
}
