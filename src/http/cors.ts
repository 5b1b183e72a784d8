/**
 * Cross-origin access to the API for pages that embed the widget. Only the
 * origins in WIDGET_ORIGINS (or any, with "*") get answers; a request from
 * another origin is refused with 403 ORIGIN_NOT_ALLOWED (readable, so the
 * widget can say why), a preflight from it with an unreadable 403.
 * Same-origin requests (the demo page) always pass.
 */
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors.js';

/** "*" for any origin, else the exact origins allowed (scheme://host[:port]). */
export type AllowedOrigins = '*' | readonly string[];

/** The API is read-only: these are all the methods a page may use. */
const METHODS = 'GET, HEAD, OPTIONS';
const HEADERS = 'Accept, Accept-Language, Content-Language, Content-Type, If-None-Match';
const PREFLIGHT_CACHE_SECONDS = '600';

export class OriginNotAllowedError extends AppError {
  constructor(origin: string) {
    super(
      'ORIGIN_NOT_ALLOWED',
      `Requests from ${origin} are not allowed; the service's operator can add it to WIDGET_ORIGINS.`,
      403,
      { origin },
    );
  }
}

/** Whether the Origin header names this very host (the service's own pages). */
function isSameOrigin(request: Request, origin: string): boolean {
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

export function cors(allowed: AllowedOrigins) {
  return (request: Request, response: Response, next: NextFunction) => {
    // Answers differ by Origin, so shared caches must keep them apart.
    if (allowed !== '*') response.vary('Origin');
    const origin = request.headers.origin;
    if (origin === undefined || isSameOrigin(request, origin)) {
      next();
      return;
    }
    if (allowed !== '*' && !allowed.includes(origin)) {
      // The refusal itself is readable (it holds no release, only the reason), so a
      // widget embedded on that page can tell its owner why instead of "unreachable".
      // A preflight is refused unreadably: nothing but GET needs one.
      const preflight =
        request.method === 'OPTIONS' && request.headers['access-control-request-method'];
      if (!preflight) response.setHeader('Access-Control-Allow-Origin', origin);
      next(new OriginNotAllowedError(origin));
      return;
    }
    response.setHeader('Access-Control-Allow-Origin', allowed === '*' ? '*' : origin);
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      response.setHeader('Access-Control-Allow-Methods', METHODS);
      response.setHeader('Access-Control-Allow-Headers', HEADERS);
      response.setHeader('Access-Control-Max-Age', PREFLIGHT_CACHE_SECONDS);
      response.status(204).end();
      return;
    }
    next();
  };
}
