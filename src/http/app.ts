/**
 * The Express app, without listen(): tests and the server both build it from
 * its dependencies. Handlers parse, call one domain method, respond.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { releaseIdSchema } from '../domain/release.js';
import type { SourcesResponse } from '../domain/source-status.js';
import { AppError } from '../errors.js';
import { type Logger, silentLogger } from '../log.js';
import { searchParamsSchema, toSearchQuery } from '../search/params.js';
import type { SearchService } from '../search/service.js';
import { type AllowedOrigins, cors } from './cors.js';
import { facetRoutes } from './facets.js';
import { buildOpenApiDocument } from './openapi.js';
import { DEMO_LANGUAGES, type DemoLanguage, docsPage, homePage, page } from './pages.js';
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
}

export { InvalidParameterError } from './validate.js';

export function createApp(deps: AppDeps) {
  const logger = deps.logger ?? silentLogger;
  const version = deps.version ?? '0.0.0';
  const openApi = buildOpenApiDocument(version);
  const docsHtml = docsPage(openApi);
  const started = Date.now();
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  app.use((request, response, next) => {
    const begin = performance.now();
    response.setHeader('X-Content-Type-Options', 'nosniff');
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
  app.use('/api', cors(deps.widgetOrigins ?? []));
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
    response
      .type('html')
      .send(sourcesPage(deps.sources ? deps.sources() : staticSourcesStatus(), page));
  });

  app.get('/api/ready', async (_request, response) => {
    const checks = { meilisearch: await deps.search.healthy(), settings: deps.settingsApplied() };
    const ready = checks.meilisearch && checks.settings;
    response.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks });
  });

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
  app.use((error: unknown, request: Request, response: Response, _next: NextFunction) => {
    if (error instanceof AppError) {
      if (error.status >= 500)
        logger.warn({ err: error, code: error.code, url: request.originalUrl }, error.message);
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
      response
        .status(status)
        .json({ error: { code: 'BAD_REQUEST', message: (error as Error).message } });
      return;
    }
    logger.error({ err: error, url: request.originalUrl }, 'unhandled error');
    response.status(500).json({
      error: {
        code: 'INTERNAL',
        message: 'Something went wrong on our side; it has been logged.',
      },
    });
  });

  return app;
}
