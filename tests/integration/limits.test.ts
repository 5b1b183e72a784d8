/**
 * Limits and headers of the assembled service over real HTTP: per-client
 * rate limiting (429 + Retry-After, health checks and preflights exempt),
 * JSON answers for URLs and heads that are too large or not HTTP at all, and
 * security headers that still let other sites load the widget and the API.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_URL_BYTES } from '../../src/http/limits.js';
import { startTestService, type TestService } from '../helpers/service.js';

let limited: TestService;

beforeAll(async () => {
  limited = await startTestService('limits', { RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW: '1m' });
});

afterAll(async () => {
  await limited?.close();
});

/** Sends raw bytes and reads the whole answer (the server closes after a refusal). */
function raw(baseUrl: string, request: string): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

function parse(answer: string) {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((l) => [
      l.slice(0, l.indexOf(':')).toLowerCase(),
      l.slice(l.indexOf(':') + 1).trim(),
    ]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) };
}

describe('rate limit', () => {
  it('answers 429 with Retry-After past the limit, and never limits health checks or preflights', async () => {
    const url = `${limited.baseUrl}/api/search?q=x`;
    for (let i = 0; i < 3; i++) {
      const preflight = await fetch(url, {
        method: 'OPTIONS',
        headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' },
      });
      expect(preflight.status).toBeLessThan(429);
    }
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(url)).status);
    expect(statuses).not.toContain(429);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const refused = await fetch(url);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit-policy')).toMatch(/q=5; w=60/);
    const body = (await refused.json()) as any;
    expect(body.error.code).toBe('RATE_LIMITED');
    expect(body.error.message).toMatch(/at most 5 per 60 s/);
    expect(body.error.details).toMatchObject({ limit: 5, windowSeconds: 60 });
    for (const path of ['/api/health', '/api/ready', '/api/metrics'])
      expect((await fetch(`${limited.baseUrl}${path}`)).status).toBe(200);
    // The page and the widget outside /api are not limited either.
    expect((await fetch(`${limited.baseUrl}/`)).status).toBe(200);
  });
});

describe('oversized and malformed requests', () => {
  it('answers 414 with a JSON body for a URL past the limit', async () => {
    const response = await fetch(`${limited.baseUrl}/api/search?q=${'a'.repeat(MAX_URL_BYTES)}`);
    expect(response.status).toBe(414);
    const body = (await response.json()) as any;
    expect(body.error.code).toBe('URI_TOO_LONG');
    expect(body.error.details.limit).toBe(MAX_URL_BYTES);
  });

  it('answers 431 with a JSON body when the head is larger than MAX_HEADER_BYTES', async () => {
    const answer = parse(
      await raw(
        limited.baseUrl,
        `GET /api/search?q=${'b'.repeat(17_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      ),
    );
    expect(answer.status).toBe(431);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.body.error.code).toBe('HEADERS_TOO_LARGE');
    expect(answer.body.error.message).toMatch(/16384 bytes/);
    const cookies = parse(
      await raw(
        limited.baseUrl,
        `GET /api/health HTTP/1.1\r\nHost: x\r\nCookie: ${'c'.repeat(20_000)}\r\n\r\n`,
      ),
    );
    expect(cookies.status).toBe(431);
  });

  it('answers 400 with a JSON body for bytes that are not HTTP', async () => {
    const answer = parse(await raw(limited.baseUrl, 'HELLO THERE\r\n\r\n'));
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('BAD_REQUEST');
  });

  it('counts what it refused in the metrics', async () => {
    const text = await (await fetch(`${limited.baseUrl}/api/metrics`)).text();
    expect(text).toMatch(/press_http_refused_total\{code="HEADERS_TOO_LARGE"\} 2/);
    expect(text).toMatch(/press_http_refused_total\{code="BAD_REQUEST"\} 1/);
    expect(text).toMatch(/press_api_errors_total\{route="unmatched",code="RATE_LIMITED"\} 1/);
  });
});

describe('security headers', () => {
  it('sets helmet headers while the API and the page stay loadable from other origins', async () => {
    for (const path of ['/', '/api/health', '/api/docs']) {
      const response = await fetch(`${limited.baseUrl}${path}`);
      const h = response.headers;
      expect(h.get('x-content-type-options')).toBe('nosniff');
      expect(h.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(h.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(h.get('referrer-policy')).toBe('no-referrer');
      expect(h.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(h.get('x-powered-by')).toBeNull();
      const csp = h.get('content-security-policy') ?? '';
      expect(csp).toMatch(/default-src 'self'/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(csp).not.toMatch(/upgrade-insecure-requests/);
      // Embedding cross-origin content must not be blocked for host pages.
      expect(h.get('cross-origin-embedder-policy')).toBeNull();
    }
  });
});
