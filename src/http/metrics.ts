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

export class Metrics {
  readonly registry = new Registry();
  private sources: MetricsSources = {};
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
    const sources = () => this.sources;
    new Gauge({
      name: 'press_meilisearch_up',
      help: '1 when Meilisearch answers, 0 otherwise',
      registers,
      collect() {
        const engine = sources().engine?.();
        if (engine) this.set(engine.state === 'up' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'press_meilisearch_state',
      help: 'State of Meilisearch as the supervisor sees it (1 for the current state)',
      labelNames: ['state'] as const,
      registers,
      collect() {
        const engine = sources().engine?.();
        if (!engine) return;
        for (const state of ENGINE_STATES) this.set({ state }, engine.state === state ? 1 : 0);
      },
    });
    new Gauge({
      name: 'press_meilisearch_restarts_total',
      help: 'Restarts of the embedded Meilisearch since the service started',
      registers,
      collect() {
        const engine = sources().engine?.();
        if (engine) this.set(engine.restarts);
      },
    });
    new Gauge({
      name: 'press_meilisearch_unavailable_requests_total',
      help: 'Requests that failed because Meilisearch did not answer, since the service started',
      registers,
      collect() {
        const engine = sources().engine?.();
        if (engine) this.set(engine.unavailableRequests);
      },
    });
    new Gauge({
      name: 'press_releases',
      help: 'Releases in the archive and in the index',
      labelNames: ['store'] as const,
      registers,
      async collect() {
        this.reset();
        const { archive, indexed } = sources();
        if (archive) this.set({ store: 'archive' }, archive().releases);
        // An engine that does not answer leaves the series out rather than report a guess.
        if (indexed)
          await indexed().then(
            (n) => this.set({ store: 'index' }, n),
            () => undefined,
          );
      },
    });
    const fromArchive = (name: string, help: string, pick: (figures: ArchiveFigures) => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const archive = sources().archive;
          if (archive) this.set(pick(archive()));
        },
      });
    fromArchive(
      'press_releases_pending_index',
      'Releases whose current version is not in the index yet',
      (f) => f.pending,
    );
    fromArchive(
      'press_releases_index_failed',
      'Pending releases whose last indexing attempt failed (retried at the next sync)',
      (f) => f.indexFailed,
    );
    fromArchive(
      'press_index_lag_seconds',
      'Age of the oldest release change not yet searchable (0 when none is pending)',
      (f) => f.indexLagSeconds,
    );
    const crawlCounter = (
      name: string,
      help: string,
      pick: (c: ArchiveFigures['crawl'][number]) => number,
    ) =>
      new Counter({
        name,
        help,
        labelNames: ['source'] as const,
        registers,
        collect() {
          const archive = sources().archive;
          if (!archive) return;
          this.reset();
          for (const c of archive().crawl) this.inc({ source: c.source }, pick(c));
        },
      });
    crawlCounter(
      'press_crawl_pages_total',
      'Pages fetched by the crawler, per source (all runs in the archive)',
      (c) => c.pages,
    );
    crawlCounter(
      'press_crawl_releases_new_total',
      'New releases found by the crawler, per source',
      (c) => c.releasesNew,
    );
    crawlCounter(
      'press_crawl_releases_updated_total',
      'Changed releases found by the crawler, per source',
      (c) => c.releasesUpdated,
    );
    new Counter({
      name: 'press_crawl_errors_total',
      help: 'Crawl problems by source and code (ITEM_GONE, TIMEOUT, …), all runs in the archive',
      labelNames: ['source', 'code'] as const,
      registers,
      collect() {
        const archive = sources().archive;
        if (!archive) return;
        this.reset();
        for (const c of archive().crawl)
          for (const [code, n] of Object.entries(c.errors)) this.inc({ source: c.source, code }, n);
      },
    });
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

  async text(): Promise<string> {
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
