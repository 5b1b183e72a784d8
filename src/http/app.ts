/**
 * The Express app, without listen(): tests and the server both build it from
 * its dependencies. Handlers parse, call one domain method, respond.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { releaseIdSchema } from '../domain/release.js';
import type { SourcesResponse } from '../domain/source-status.js';
import { AppError, SearchUnavailableError } from '../errors.js';
import { type Logger, silentLogger } from '../log.js';
import type { MeiliSupervisor } from '../meili/supervisor.js';
import type { AdminService } from '../ops/admin.js';
import { searchParamsSchema, toSearchQuery } from '../search/params.js';
import type { SearchService } from '../search/service.js';
import { adminRouter } from './admin.js';
import { type AllowedOrigins, cors } from './cors.js';
import { facetRoutes } from './facets.js';
import { bodyError, rateLimiter, urlLengthLimit } from './limits.js';
import { Metrics } from './metrics.js';
import { buildOpenApiDocument } from './openapi.js';
import { DEMO_LANGUAGES, type DemoLanguage, docsPage, homePage, page } from './pages.js';
import { securityHeaders } from './security.js';
import { staticSourcesStatus } from './sources.js';
import { sourcesPage } from './sources-page.js';
import { localeFrom, parseOrThrow } from './validate.js';
import { widgetPath, widgetRoutes } from './widget.js';
import type { WidgetBundle } from './widget-bundle.js';

export interface AppDeps {
  search: SearchService;
  /** True once index settings were applied at start-up. */
  settingsApplied: () => boolean;
  logger?: Logger;
  version?: string;
  /** State of the crawl per source (GET /api/sources); without it the sources are listed idle. */
  sources?: () => SourcesResponse;
  /** The widget script served at /widget.js; without it the home page has no live widget. */
  widget?: WidgetBundle;
  /** Origins allowed to call the API from a browser (WIDGET_ORIGINS); default none but our own. */
  widgetOrigins?: AllowedOrigins;
  /** Meilisearch's state (supervisor): /api/ready reports it, failed requests are counted there. */
  engine?: Pick<MeiliSupervisor, 'status' | 'reportUnavailable'>;
  /** Metrics served at /api/metrics; a fresh registry without process metrics when absent. */
  metrics?: Metrics;
  /** Per-client limit on /api; off when absent. */
  rateLimit?: { max: number; windowMs: number };
  /** Express "trust proxy" (TRUST_PROXY), so clients behind a proxy are told apart. */
  trustProxy?: boolean | number | string;
  /** The admin API; mounted only with a token. */
  admin?: { token: string | undefined; service: AdminService };
}

export { InvalidParameterError } from './validate.js';

export function createApp(deps: AppDeps) {
  const logger = deps.logger ?? silentLogger;
  const version = deps.version ?? '0.0.0';
  const openApi = buildOpenApiDocument(version);
  const docsHtml = docsPage(openApi);
  const started = Date.now();
  const metrics = deps.metrics ?? new Metrics({ defaultMetrics: false });
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxy ?? false);

  app.use(metrics.middleware());
  app.use(securityHeaders());
  app.use(urlLengthLimit());
  // CORS before the rate limiter: a 429 must carry the CORS headers for the widget to read it,
  // and a preflight is answered here, never counted.
  app.use('/api', cors(deps.widgetOrigins ?? []));
  if (deps.rateLimit) app.use('/api', rateLimiter({ ...deps.rateLimit, logger }));
  app.use((request, response, next) => {
    const begin = performance.now();
    response.on('finish', () =>
      logger.debug(
        {
          method: request.method,
          url: request.originalUrl,
          status: response.statusCode,
          ms: Math.round(performance.now() - begin),
        },
        'request',
      ),
    );
    next();
  });

  if (deps.widget) app.use(widgetRoutes(deps.widget));
  const sources = () => (deps.sources ? deps.sources() : staticSourcesStatus());

  app.get('/', async (request, response) => {
    const releases = await deps.search.count().catch(() => undefined);
    const ui = String(request.query.ui ?? '');
    response.type('html').send(
      homePage({
        releases,
        version,
        origin: `${request.protocol}://${request.get('host')}`,
        widgetPath: deps.widget && widgetPath(deps.widget),
        sources: sources(),
        ui: Object.hasOwn(DEMO_LANGUAGES, ui) ? (ui as DemoLanguage) : 'en',
      }),
    );
  });

  app.get('/api/search', async (request, response) => {
    const params = parseOrThrow(searchParamsSchema, request.query);
    const result = await deps.search.search(toSearchQuery(params, localeFrom(request)));
    response.json(result);
  });

  app.use(facetRoutes(deps.search));

  app.get('/api/releases/:id', async (request, response) => {
    const id = parseOrThrow(z.object({ id: releaseIdSchema }), request.params).id;
    response.json(await deps.search.getRelease(id));
  });

  app.get('/api/health', (_request, response) => {
    response.json({ status: 'ok', uptimeSeconds: Math.round((Date.now() - started) / 1000) });
  });

  app.get('/api/sources', (_request, response) => {
    response.json(sources());
  });

  app.get('/sources', (_request, response) => {
    response.type('html').send(sourcesPage(sources(), page));
  });

  app.get('/api/ready', async (_request, response) => {
    const engine = deps.engine?.status();
    const checks = {
      meilisearch: await deps.search.healthy(),
      settings: deps.settingsApplied(),
      ...(engine ? { engine: engine.state === 'up' } : {}),
    };
    const ready = Object.values(checks).every(Boolean);
    const reason = ready
      ? undefined
      : (engine?.reason ??
        (checks.meilisearch
          ? 'the index settings are not applied yet'
          : 'Meilisearch does not answer its health check'));
    response.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not_ready',
      ...(reason ? { reason } : {}),
      checks,
      ...(engine ? { engine } : {}),
    });
  });

  app.get('/api/metrics', async (_request, response) => {
    response.type(metrics.contentType).send(await metrics.text());
  });

  if (deps.admin?.token) app.use('/api/admin', adminRouter(deps.admin.token, deps.admin.service));

  app.get('/api/openapi.json', (_request, response) => {
    response.json(openApi);
  });

  app.get('/api/docs', (_request, response) => {
    response.type('html').send(docsHtml);
  });

  app.use((request, _response, next) => {
    next(
      new AppError(
        'NOT_FOUND',
        `No route for ${request.method} ${request.path}. See /api/docs.`,
        404,
      ),
    );
  });

  // Express recognises error handlers by their four parameters.
  app.use((caught: unknown, request: Request, response: Response, _next: NextFunction) => {
    const error = bodyError(caught) ?? caught;
    if (error instanceof AppError) {
      metrics.apiError(request, error.code);
      // Meilisearch down: the supervisor logs the change of state once and counts the rest.
      if (error instanceof SearchUnavailableError) deps.engine?.reportUnavailable(error);
      else if (error.status >= 500)
        logger.warn({ err: error, code: error.code, url: request.originalUrl }, error.message);
      if (error.status === 503) response.setHeader('Retry-After', '5');
      response.status(error.status).json({
        error: {
          code: error.code,
          message: error.message,
          ...(error.details === undefined ? {} : { details: error.details }),
        },
      });
      return;
    }
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      metrics.apiError(request, 'BAD_REQUEST');
      response
        .status(status)
        .json({ error: { code: 'BAD_REQUEST', message: (error as Error).message } });
      return;
    }
    logger.error({ err: error, url: request.originalUrl }, 'unhandled error');
    metrics.apiError(request, 'INTERNAL');
    response.status(500).json({
      error: {
        code: 'INTERNAL',
        message: 'Something went wrong on our side; it has been logged.',
      },
    });
  });

  return app;
}
