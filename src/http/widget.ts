/**
 * Serves the widget script: /widget.js (short cache, revalidated by ETag) and
 * /widget.<hash>.js (immutable, cached for a year), pre-compressed with
 * brotli or gzip as the browser accepts. The script is public code meant for
 * other sites' pages, so it is loadable from any origin.
 */
import { type Request, type Response, Router } from 'express';
import type { WidgetBundle } from './widget-bundle.js';

export const widgetPath = (bundle: WidgetBundle) => `/widget.${bundle.hash}.js`;

export function widgetRoutes(bundle: WidgetBundle): Router {
  const router = Router();
  const send = (cacheControl: string) => (request: Request, response: Response) => {
    // Browsers list gzip before br at equal weight; br is smaller, so it wins when accepted.
    const accepted = request.acceptsEncodings();
    const encoding = accepted.includes('br')
      ? 'br'
      : accepted.includes('gzip')
        ? 'gzip'
        : 'identity';
    const body =
      encoding === 'br' ? bundle.brotli : encoding === 'gzip' ? bundle.gzip : bundle.code;
    response.set({
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': cacheControl,
      ETag: `"${bundle.hash}${encoding === 'identity' ? '' : `-${encoding}`}"`,
      Vary: 'Accept-Encoding',
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
    if (encoding !== 'identity') response.set('Content-Encoding', encoding);
    // send() answers 304 when If-None-Match matches the ETag.
    response.send(body);
  };
  router.get('/widget.js', send('public, max-age=300, must-revalidate'));
  router.get(widgetPath(bundle), send('public, max-age=31536000, immutable'));
  return router;
}
