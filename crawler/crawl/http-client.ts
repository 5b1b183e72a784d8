/**
 * The crawler's HTTP client, plugged into Crawlee through its `httpClient`
 * option (BaseHttpClient). Built on node:http(s) with keep-alive, it does
 * what got-scraping (Crawlee's default) does not do for a polite crawler:
 * - sends our identifying User-Agent and nothing that imitates a browser;
 * - separate connect and read time-outs (the read one also covers a body
 *   that stalls halfway);
 * - a maximum response size, checked against Content-Length before reading
 *   and counted while reading (also after decompression);
 * - a redirect limit, and a redirect loop reported as such; every hop is a
 *   request like any other: the caller's redirect check runs first (robots.txt
 *   of the target host, the source's own hosts), then it waits for its host's
 *   slot and is counted;
 * - at most N requests in flight per host, and each request (each hop) leaves
 *   only at its host's next slot (HostSchedule: delay, Retry-After, back-off);
 * - base-URL overrides: a source's real origin (https://www.fmprc.gov.cn) is
 *   mapped to another one (a local replica) at connection time, so URLs
 *   everywhere else, archive and releases included, stay the real ones.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { PassThrough, Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import type {
  BaseHttpClient,
  HttpRequest,
  HttpResponse,
  RedirectHandler,
  ResponseTypes,
  StreamingHttpResponse,
} from '@crawlee/cheerio';
import { CrawlError, FinalCrawlError } from './errors.js';
import { HostLimiter, HostSchedule, SlotAbortedError } from './politeness.js';

/** Decides whether a redirect may be followed; throws a FinalCrawlError when not. */
export type RedirectCheck = (next: URL, from: URL) => Promise<void>;

export interface HttpClientOptions {
  userAgent: string;
  connectTimeoutMs: number;
  /** Longest wait for the response headers, and longest silence while the body arrives. */
  readTimeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** Requests in flight per host. */
  hostConcurrency: number;
  /** Minimum gap between two requests to a host (robots.txt Crawl-delay may raise it per host). */
  delayMs: number;
  /** Run before each redirect of a crawled request is followed (not for robots.txt). */
  checkRedirect?: RedirectCheck;
  /** Stops requests waiting for their slot. */
  signal?: AbortSignal;
  /** Logical origin (https://www.gov.kz) → origin to connect to (http://127.0.0.1:4000). */
  originOverrides?: ReadonlyMap<string, string>;
}

export interface FetchResult {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  redirectUrls: string[];
}

type Headers = Record<string, string | string[] | undefined>;

function flatHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) flat[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** Counts bytes and fails the stream once there are too many. */
class SizeLimit extends Transform {
  private seen = 0;
  constructor(
    private readonly limit: number,
    private readonly url: string,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      callback(
        new FinalCrawlError(
          'TOO_LARGE',
          `${this.url}: the response is larger than the maximum of ${this.limit} bytes`,
        ),
      );
      return;
    }
    callback(null, chunk);
  }
}

/** A whole body must arrive within this many read time-outs. */
export const BODY_DEADLINE_FACTOR = 4;

export class PoliteHttpClient implements BaseHttpClient {
  private readonly agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
  };
  private readonly limiter: HostLimiter;
  /** When each host may be sent the next request. */
  readonly schedule: HostSchedule;
  private readonly reverse: Map<string, string>;

  constructor(readonly options: HttpClientOptions) {
    this.limiter = new HostLimiter(options.hostConcurrency);
    this.schedule = new HostSchedule(options.delayMs);
    this.reverse = new Map(
      [...(options.originOverrides ?? new Map())].map(([logical, physical]) => [
        new URL(physical).origin,
        logical,
      ]),
    );
  }

  /** The URL to connect to for a logical URL. */
  physicalUrl(url: URL): URL {
    const override = this.options.originOverrides?.get(url.origin);
    if (!override) return url;
    const target = new URL(override);
    const mapped = new URL(url.toString());
    mapped.protocol = target.protocol;
    mapped.host = target.host;
    return mapped;
  }

  /** The logical URL for a URL the server named (a Location pointing at the replica's origin). */
  logicalUrl(url: URL): URL {
    const logical = this.reverse.get(url.origin);
    if (!logical) return url;
    const target = new URL(logical);
    const mapped = new URL(url.toString());
    mapped.protocol = target.protocol;
    mapped.host = target.host;
    return mapped;
  }

  close(): void {
    this.schedule.close();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  async sendRequest<T extends keyof ResponseTypes = 'text'>(
    request: HttpRequest<T>,
  ): Promise<HttpResponse<T>> {
    const response = await this.stream(request as HttpRequest);
    const chunks: Buffer[] = [];
    for await (const chunk of response.stream) chunks.push(chunk as Buffer);
    const buffer = Buffer.concat(chunks);
    const type = request.responseType ?? 'text';
    const body =
      type === 'buffer'
        ? buffer
        : type === 'json'
          ? JSON.parse(buffer.toString('utf8'))
          : buffer.toString('utf8');
    return { ...response, body } as unknown as HttpResponse<T>;
  }

  /** A whole response as bytes (robots.txt and other small fetches outside Crawlee). */
  async fetch(
    url: string,
    init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } = {},
  ): Promise<FetchResult> {
    const response = await this.send(
      {
        url,
        method: init.method ?? 'GET',
        headers: init.headers ?? {},
        ...(init.body !== undefined ? { body: init.body } : {}),
      },
      undefined,
    );
    const chunks: Buffer[] = [];
    for await (const chunk of response.stream) chunks.push(chunk as Buffer);
    return {
      url: response.url,
      status: response.statusCode,
      headers: flatHeaders(response.headers as IncomingMessage['headers']),
      body: Buffer.concat(chunks),
      redirectUrls: response.redirectUrls.map(String),
    };
  }

  /** A request of the crawl (Crawlee calls this): redirects pass the redirect check. */
  stream(request: HttpRequest, onRedirect?: RedirectHandler): Promise<StreamingHttpResponse> {
    return this.send(request, this.options.checkRedirect, onRedirect);
  }

  /**
   * Waits for the host's slot; returns what to call once the request is on
   * its way. A stop while waiting is a STOPPED error (retried by the next run).
   */
  private async slot(url: URL): Promise<() => void> {
    try {
      return await this.schedule.take(url.host, this.options.signal);
    } catch (error) {
      if (error instanceof SlotAbortedError) {
        throw new CrawlError('STOPPED', `${url}: not sent, the crawl is stopping`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  private async send(
    request: HttpRequest,
    checkRedirect: RedirectCheck | undefined,
    onRedirect?: RedirectHandler,
  ): Promise<StreamingHttpResponse> {
    let url = new URL(String(request.url));
    let method = String(request.method ?? 'GET').toUpperCase();
    let body =
      typeof request.body === 'string' || Buffer.isBuffer(request.body) ? request.body : undefined;
    const headers: Headers = { ...request.headers };
    const redirectUrls: URL[] = [];
    const visited = new Set([url.toString()]);
    // The in-flight slot of the host being asked; a hop to another host trades it for that host's.
    let held: { host: string; release: () => void } | undefined;
    const hold = async (host: string): Promise<() => void> => {
      if (held?.host === host) return held.release;
      held?.release();
      held = undefined;
      const release = await this.limiter.acquire(host);
      held = { host, release };
      return release;
    };
    try {
      for (;;) {
        const release = await hold(url.host);
        const sent = await this.slot(url);
        let response: IncomingMessage;
        try {
          response = await this.once(url, method, headers, body, request.signal, sent);
        } finally {
          sent(); // (a no-op when the request said so itself, as it normally does)
        }
        const status = response.statusCode ?? 0;
        const location = response.headers.location;
        const follow = request.followRedirect !== false;
        if (follow && status >= 300 && status < 400 && status !== 304 && location) {
          response.resume();
          const next = this.logicalUrl(new URL(location, url));
          if (visited.has(next.toString())) {
            throw new FinalCrawlError(
              'REDIRECT_LOOP',
              `${request.url}: redirect loop (${[...visited, next].join(' → ')})`,
              { status },
            );
          }
          if (redirectUrls.length >= this.options.maxRedirects) {
            throw new FinalCrawlError(
              'TOO_MANY_REDIRECTS',
              `${request.url}: more than ${this.options.maxRedirects} redirects`,
              { status },
            );
          }
          await checkRedirect?.(next, url);
          visited.add(next.toString());
          redirectUrls.push(next);
          if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
            method = 'GET';
            body = undefined;
            delete headers['content-type'];
            delete headers['Content-Type'];
          }
          if (next.host !== url.host) {
            delete headers.cookie;
            delete headers.Cookie;
          }
          onRedirect?.(
            {
              url: url.toString(),
              statusCode: status,
              headers: response.headers,
              trailers: {},
              complete: true,
              redirectUrls,
            },
            { url: next, headers },
          );
          url = next;
          continue;
        }
        if (status === 304 && !response.headers['content-type']) {
          // A 304 has no body and often no Content-Type; Crawlee refuses types it does not know.
          response.headers['content-type'] = 'text/plain';
        }
        const stream = this.bodyOf(response, url.toString());
        stream.once('close', release);
        stream.once('end', release);
        stream.once('error', release);
        return {
          stream,
          url: url.toString(),
          statusCode: status,
          statusMessage: response.statusMessage ?? '',
          headers: response.headers,
          trailers: {},
          complete: false,
          redirectUrls,
          request: request as HttpRequest,
          get downloadProgress() {
            return { percent: 0, transferred: 0 };
          },
          get uploadProgress() {
            return { percent: 0, transferred: 0 };
          },
        };
      }
    } catch (error) {
      held?.release();
      throw error;
    }
  }

  private bodyOf(response: IncomingMessage, url: string): PassThrough {
    const declared = Number(response.headers['content-length']);
    const out = new PassThrough();
    if (Number.isFinite(declared) && declared > this.options.maxBytes) {
      response.destroy();
      queueMicrotask(() =>
        out.destroy(
          new FinalCrawlError(
            'TOO_LARGE',
            `${url}: Content-Length ${declared} is over the maximum of ${this.options.maxBytes} bytes`,
          ),
        ),
      );
      return out;
    }
    const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
    const decompress =
      encoding === 'gzip' || encoding === 'x-gzip'
        ? zlib.createGunzip()
        : encoding === 'deflate'
          ? zlib.createInflate()
          : encoding === 'br'
            ? zlib.createBrotliDecompress()
            : undefined;
    const limit = new SizeLimit(this.options.maxBytes, url);
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      out.destroy(error);
      response.destroy();
    };
    const midBody = () =>
      new CrawlError('CONNECT_FAILED', `${url}: the connection closed mid-body`);
    response.once('error', (error) =>
      fail(
        /aborted|ECONNRESET/i.test(`${(error as NodeJS.ErrnoException).code} ${error.message}`)
          ? midBody()
          : error,
      ),
    );
    response.once('aborted', () => fail(midBody()));
    response.setTimeout(this.options.readTimeoutMs, () =>
      fail(
        new CrawlError(
          'TIMEOUT',
          `${url}: the body stalled for ${this.options.readTimeoutMs} ms (read time-out)`,
        ),
      ),
    );
    // The read time-out is a silence; a body dripping a few bytes at a time
    // never falls silent, so the whole body has a deadline too.
    const bodyDeadlineMs = BODY_DEADLINE_FACTOR * this.options.readTimeoutMs;
    const deadline = setTimeout(
      () =>
        fail(
          new CrawlError(
            'TIMEOUT',
            `${url}: the body took longer than ${bodyDeadlineMs} ms to arrive (${BODY_DEADLINE_FACTOR} × the read time-out)`,
          ),
        ),
      bodyDeadlineMs,
    );
    deadline.unref();
    out.once('close', () => clearTimeout(deadline));
    out.once('end', () => clearTimeout(deadline));
    limit.once('error', fail);
    if (decompress) {
      decompress.once('error', fail);
      response.pipe(decompress).pipe(limit).pipe(out);
    } else {
      response.pipe(limit).pipe(out);
    }
    return out;
  }

  /** One HTTP exchange; `sent` is called once the request is handed to the network (or fails). */
  private once(
    url: URL,
    method: string,
    headers: Headers,
    body: string | Buffer | undefined,
    signal: AbortSignal | undefined,
    sent: () => void,
  ): Promise<IncomingMessage> {
    const target = this.physicalUrl(url);
    const secure = target.protocol === 'https:';
    const { connectTimeoutMs, readTimeoutMs } = this.options;
    return new Promise((resolve, reject) => {
      const outgoing: Record<string, string> = {};
      for (const [key, value] of Object.entries(headers)) {
        if (value === undefined || /^(host|user-agent|accept-encoding|content-length)$/i.test(key))
          continue;
        outgoing[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      }
      const request = (secure ? https : http).request(
        target,
        {
          method,
          agent: secure ? this.agents.https : this.agents.http,
          headers: {
            ...outgoing,
            host: url.host,
            'user-agent': this.options.userAgent,
            'accept-encoding': 'gzip, deflate, br',
            ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
          },
          timeout: readTimeoutMs,
          ...(signal ? { signal } : {}),
          ...(secure ? { servername: url.hostname } : {}),
        },
        (response) => {
          clearTimeout(connectTimer);
          // From here on the body's own read time-out applies (see bodyOf).
          request.removeListener('timeout', onTimeout);
          resolve(response);
        },
      );
      let connectTimer: NodeJS.Timeout | undefined;
      request.once('socket', (socket) => {
        if (!socket.connecting) return;
        connectTimer = setTimeout(
          () =>
            request.destroy(
              new CrawlError(
                'CONNECT_TIMEOUT',
                `${url}: no connection within ${connectTimeoutMs} ms`,
                { host: url.host },
              ),
            ),
          connectTimeoutMs,
        );
        socket.once('connect', () => clearTimeout(connectTimer));
      });
      const onTimeout = () =>
        request.destroy(
          new CrawlError(
            'TIMEOUT',
            `${url}: no answer within ${readTimeoutMs} ms (read time-out)`,
            { host: url.host },
          ),
        );
      request.once('timeout', onTimeout);
      request.once('finish', sent);
      request.once('close', sent);
      request.once('error', (error) => {
        clearTimeout(connectTimer);
        sent();
        reject(error);
      });
      request.end(body);
    });
  }
}
