/**
 * The widget script as the API serves it (caching, ETag, compression, size
 * budget), CORS from the WIDGET_ORIGINS allowlist, and the demo page at /.
 */
import { type IncomingHttpHeaders, request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Meilisearch } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import type { AllowedOrigins } from '../../src/http/cors.js';
import { WIDGET_ATTRIBUTES } from '../../src/http/pages.js';
import { buildWidget, GZIP_BUDGET_BYTES, type WidgetBundle } from '../../src/http/widget-bundle.js';
import { SearchService } from '../../src/search/service.js';
import { listen, type RunningServer } from '../helpers/http.js';
import { createTestIndex, deleteIndex, testClient } from '../helpers/meili.js';

const ALLOWED = 'https://news.example';

let client: Meilisearch;
let uid: string;
let widget: WidgetBundle;
let server: RunningServer;
let open: RunningServer;

const serve = (widgetOrigins: AllowedOrigins) =>
  listen(
    createApp({
      search: new SearchService(client, uid),
      settingsApplied: () => true,
      widget,
      widgetOrigins,
    }),
  );

beforeAll(async () => {
  client = testClient();
  uid = await createTestIndex(client, 'widget-api');
  widget = await buildWidget();
  server = await serve([ALLOWED]);
  open = await serve('*');
}, 120_000);

afterAll(async () => {
  await server?.close();
  await open?.close();
  await deleteIndex(client, uid);
});

/**
 * A plain HTTP GET: fetch() would decompress the body and, per the Fetch
 * standard, turn a conditional request into an unconditional one.
 */
function raw(path: string, headers: Record<string, string> = {}) {
  const url = new URL(path, server.baseUrl);
  return new Promise<{ status: number; headers: IncomingHttpHeaders; bytes: Buffer }>(
    (resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname + url.search, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              bytes: Buffer.concat(chunks),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    },
  );
}

describe('the widget script', () => {
  it('is one file under the 15 KB gzip budget', () => {
    expect(widget.gzip.length).toBeLessThan(GZIP_BUDGET_BYTES);
    expect(widget.brotli.length).toBeLessThan(widget.gzip.length);
    expect(gunzipSync(widget.gzip).equals(widget.code)).toBe(true);
    expect(widget.code.toString('utf8')).toContain('mfa-search');
    expect(widget.code.toString('utf8')).not.toContain('innerHTML');
  });

  it('is served at /widget.js with a short cache and an ETag, and answers 304 when unchanged', async () => {
    const { status, headers, bytes } = await raw('/widget.js');
    expect(status).toBe(200);
    expect(headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(headers['content-encoding']).toBeUndefined();
    expect(headers['cache-control']).toBe('public, max-age=300, must-revalidate');
    expect(headers.etag).toBe(`"${widget.hash}"`);
    expect(headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(headers['access-control-allow-origin']).toBe('*');
    expect(bytes.equals(widget.code)).toBe(true);
    const again = await raw('/widget.js', { 'If-None-Match': `"${widget.hash}"` });
    expect(again.status).toBe(304);
    expect(again.bytes.length).toBe(0);
    const changed = await raw('/widget.js', { 'If-None-Match': '"something-else"' });
    expect(changed.status).toBe(200);
  });

  it('is immutable under its versioned URL; other versions are not found', async () => {
    const versioned = await raw(`/widget.${widget.hash}.js`);
    expect(versioned.status).toBe(200);
    expect(versioned.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await raw('/widget.000000000000.js')).status).toBe(404);
  });

  it('is sent brotli- or gzip-compressed as the browser accepts, each with its own ETag', async () => {
    const br = await raw('/widget.js', { 'Accept-Encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('Accept-Encoding');
    expect(br.headers.etag).toBe(`"${widget.hash}-br"`);
    expect(brotliDecompressSync(br.bytes).equals(widget.code)).toBe(true);
    const gzip = await raw('/widget.js', { 'Accept-Encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers.etag).toBe(`"${widget.hash}-gzip"`);
    expect(gunzipSync(gzip.bytes).equals(widget.code)).toBe(true);
    expect(
      (await raw('/widget.js', { 'If-None-Match': `"${widget.hash}-br"`, 'Accept-Encoding': 'br' }))
        .status,
    ).toBe(304);
  });
});

describe('CORS', () => {
  it('lets an allowed origin read answers, and says the answer varies by origin', async () => {
    const response = await fetch(`${server.baseUrl}/api/health`, { headers: { Origin: ALLOWED } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('vary')).toContain('Origin');
  });

  it('answers the preflight of an allowed origin', async () => {
    const response = await fetch(`${server.baseUrl}/api/search?q=x`, {
      method: 'OPTIONS',
      headers: {
        Origin: ALLOWED,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'content-type',
    );
    expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
  });

  it('refuses requests and preflights from other origins with ORIGIN_NOT_ALLOWED', async () => {
    for (const method of ['GET', 'OPTIONS']) {
      const response = await fetch(`${server.baseUrl}/api/search?q=x`, {
        method,
        headers: {
          Origin: 'https://elsewhere.example',
          'Access-Control-Request-Method': 'GET',
        },
      });
      expect(response.status, method).toBe(403);
      // The refusal can be read by the page (it says why); a preflight cannot.
      expect(response.headers.get('access-control-allow-origin')).toBe(
        method === 'GET' ? 'https://elsewhere.example' : null,
      );
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('ORIGIN_NOT_ALLOWED');
      expect(body.error.message).toContain('https://elsewhere.example');
      expect(body.error.message).toContain('WIDGET_ORIGINS');
    }
    // An origin differing only by port is another origin.
    const port = await fetch(`${server.baseUrl}/api/health`, {
      headers: { Origin: `${ALLOWED}:8443` },
    });
    expect(port.status).toBe(403);
  });

  it('never stands in the way of the service’s own pages or of clients without an Origin', async () => {
    const own = await fetch(`${server.baseUrl}/api/health`, {
      headers: { Origin: server.baseUrl },
    });
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBeNull();
    const plain = await fetch(`${server.baseUrl}/api/health`);
    expect(plain.status).toBe(200);
  });

  it('allows every origin with "*", answering with a wildcard', async () => {
    const response = await fetch(`${open.baseUrl}/api/health`, {
      headers: { Origin: 'https://anyone.example' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('the demo page', () => {
  it('shows the live widget, the snippet to copy, every attribute and the service’s status', async () => {
    const html = await (await fetch(`${server.baseUrl}/`)).text();
    expect(html).toContain('<mfa-search lang="en" url-state="query"></mfa-search>');
    expect(html).toContain(`<script src="/widget.${widget.hash}.js" defer></script>`);
    expect(html).toContain(`&lt;script src="${server.baseUrl}/widget.js" defer&gt;&lt;/script&gt;`);
    expect(html).toContain(`&lt;mfa-search api="${server.baseUrl}" lang="ru"&gt;`);
    for (const [name] of WIDGET_ATTRIBUTES) expect(html).toContain(`<td><code>${name}</code></td>`);
    expect(html).toContain('<strong>0</strong> releases are indexed');
    expect(html).toMatch(/Last crawl: none yet/);
    expect(html).toContain('kz-mfa');
    const russian = await (await fetch(`${server.baseUrl}/?ui=ru`)).text();
    expect(russian).toContain('<mfa-search lang="ru"');
    const unknown = await (await fetch(`${server.baseUrl}/?ui=constructor`)).text();
    expect(unknown).toContain('<mfa-search lang="en"');
  });

  it('escapes the Host header it echoes in the snippet', async () => {
    const { bytes } = await raw('/', { Host: 'x"><script>1</script>' });
    expect(bytes.toString('utf8')).toContain('x&quot;&gt;&lt;script&gt;1&lt;/script&gt;');
    expect(bytes.toString('utf8')).not.toContain('<script>1</script>');
  });
});
