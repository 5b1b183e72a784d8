/**
 * Limits on what one client may send: requests per window (429 with
 * Retry-After), URL length (414), body size and shape (413/400/415), each
 * answered in the API's JSON error shape.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';

/** Longest URL accepted; longer gets 414 (the whole head is capped by MAX_HEADER_BYTES). */
export const MAX_URL_BYTES = 8192;

/** Largest JSON body the API reads (only the admin API takes bodies). */
export const MAX_BODY_BYTES = 16 * 1024;

/** Monitoring endpoints: a load balancer or Prometheus polling them is never limited. */
const EXEMPT = new Set(['/api/health', '/api/ready', '/api/metrics']);

export interface RateLimitOptions {
  /** Requests per window per client; 0 turns the limit off. */
  max: number;
  windowMs: number;
  logger: Logger;
}

/**
 * Per-client limit on /api. Clients are told by IP (IPv6 by /56, as one
 * household or host has many addresses); behind a proxy, TRUST_PROXY says
 * which X-Forwarded-For hop is the client. Preflights (OPTIONS) are not
 * counted: the browser sends one before the request it guards, which is.
 */
export function rateLimiter(options: RateLimitOptions): RequestHandler {
  if (options.max === 0) return (_request, _response, next) => next();
  const windowSeconds = Math.ceil(options.windowMs / 1000);
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.max,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (request) =>
      request.method === 'OPTIONS' || EXEMPT.has(request.originalUrl.split('?')[0] ?? ''),
    logger: {
      warn: (message: unknown) =>
        options.logger.warn({ code: 'RATE_LIMIT_CONFIG' }, String(message)),
      error: (message: unknown) =>
        options.logger.error({ code: 'RATE_LIMIT_CONFIG' }, String(message)),
    },
    handler: (_request, _response, next) => {
      const retry = Number(_response.getHeader('Retry-After') ?? windowSeconds);
      next(
        new AppError(
          'RATE_LIMITED',
          `Too many requests: at most ${options.max} per ${windowSeconds} s from one client. Try again in ${retry} s.`,
          429,
          { limit: options.max, windowSeconds, retryAfterSeconds: retry },
        ),
      );
    },
  });
}

/** 414 for URLs past MAX_URL_BYTES, before any route parses them. */
export function urlLengthLimit(): RequestHandler {
  return (request: Request, _response: Response, next: NextFunction) => {
    const length = Buffer.byteLength(request.originalUrl);
    if (length <= MAX_URL_BYTES) {
      next();
      return;
    }
    next(
      new AppError(
        'URI_TOO_LONG',
        `The URL is ${length} bytes long; at most ${MAX_URL_BYTES} are accepted. Send fewer or shorter parameters.`,
        414,
        { length, limit: MAX_URL_BYTES },
      ),
    );
  };
}

/**
 * express.json()'s errors (body-parser's `type`) as API errors with stable
 * codes; undefined for anything else.
 */
export function bodyError(error: unknown): AppError | undefined {
  const type = (error as { type?: unknown }).type;
  if (typeof type !== 'string') return undefined;
  switch (type) {
    case 'entity.too.large':
      return new AppError(
        'PAYLOAD_TOO_LARGE',
        `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
        413,
        { limit: MAX_BODY_BYTES },
      );
    case 'entity.parse.failed':
      return new AppError(
        'INVALID_JSON',
        `The request body is not valid JSON: ${(error as Error).message}`,
        400,
      );
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `${(error as Error).message}; send UTF-8 JSON (Content-Type: application/json).`,
        415,
      );
    default:
      return undefined;
  }
}
