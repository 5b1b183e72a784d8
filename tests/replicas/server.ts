/**
 * A small HTTP server for site replicas on 127.0.0.1:0. Each replica module
 * (cn-mfa, kz-mfa, us-state) gives it a handler that answers from the real
 * saved files in ../shared; this layer adds what every test needs:
 * conditional requests (ETag / Last-Modified → 304), a log of every request
 * (headers included, to check the User-Agent and conditional headers), the
 * peak number of requests in flight, and faults injected per path (status
 * codes, soft 404s, hangs, redirect loops, oversize bodies, Retry-After …).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ReplicaRequest {
  method: string;
  /** Path and query, as requested. */
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface ReplicaResponse {
  status: number;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** When the content was last changed: sent as Last-Modified and used for If-Modified-Since. */
  lastModified?: Date;
}

export type ReplicaHandler = (
  request: ReplicaRequest,
) => ReplicaResponse | undefined | Promise<ReplicaResponse | undefined>;

/** Ways a path can misbehave. Each one is a case the crawler must survive. */
export type Fault =
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  /** Status 200 with another body (soft 404, SPA shell, broken JSON, GraphQL errors …). */
  | { kind: 'body'; body: Buffer | string; contentType: string; status?: number }
  /** Accepts the request and never answers. */
  | { kind: 'hang' }
  /** Redirects to `?loop=1`, which redirects back: a loop of two URLs. */
  | { kind: 'redirect-loop' }
  /** Redirects to a new URL each time (a counter), forever. */
  | { kind: 'redirect-chain' }
  /** A body of this many bytes, optionally without Content-Length (chunked). */
  | { kind: 'oversize'; bytes: number; chunked?: boolean }
  /** Answers `status` with Retry-After the first `times` requests, then normally. */
  | { kind: 'retry-after'; status: 429 | 503; retryAfter: string; times: number }
  /** Sends the headers and part of the body, then stops without ending the response. */
  | { kind: 'stall-body'; contentType: string; partial: string }
  /** Sends a few bytes every `everyMs` and never ends: never silent, never done (a tarpit). */
  | { kind: 'drip-body'; everyMs: number };

export interface LoggedRequest {
  method: string;
  /** The Host header: the site the request was meant for (one server may play several). */
  host: string;
  path: string;
  headers: IncomingMessage['headers'];
  at: number;
  status: number;
}

export interface Replica {
  baseUrl: string;
  /** Every request answered (or hung), in order. */
  readonly log: LoggedRequest[];
  /** The most requests that were in flight at once. */
  readonly peakInFlight: number;
  setFault(pathAndQuery: string, fault: Fault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export interface ReplicaOptions {
  /** Serve conditional requests (ETag, Last-Modified, 304). Default true. */
  conditional?: boolean;
  /** Send ETags (default true); without them only Last-Modified / If-Modified-Since work. */
  etags?: boolean;
  port?: number;
  /** Called as each request arrives, before it is answered. */
  onRequest?: (request: LoggedRequest) => void;
}

function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('hex').slice(0, 20)}"`;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startReplica(
  handler: ReplicaHandler,
  options: ReplicaOptions = {},
): Promise<Replica> {
  const faults = new Map<string, Fault>();
  const faultHits = new Map<string, number>();
  const log: LoggedRequest[] = [];
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let peakInFlight = 0;
  const conditional = options.conditional ?? true;

  const send = (response: ServerResponse, entry: LoggedRequest, reply: ReplicaResponse) => {
    entry.status = reply.status;
    const body =
      reply.body === undefined
        ? Buffer.alloc(0)
        : Buffer.isBuffer(reply.body)
          ? reply.body
          : Buffer.from(reply.body);
    response.writeHead(reply.status, {
      'content-length': String(body.length),
      ...(reply.lastModified ? { 'last-modified': reply.lastModified.toUTCString() } : {}),
      ...reply.headers,
    });
    response.end(body);
  };

  const server = createServer(async (request, response) => {
    inFlight++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    response.once('close', () => inFlight--);
    const path = request.url ?? '/';
    const entry: LoggedRequest = {
      method: request.method ?? 'GET',
      host: request.headers.host ?? '',
      path,
      headers: request.headers,
      at: Date.now(),
      status: 0,
    };
    log.push(entry);
    options.onRequest?.(entry);
    try {
      const body = await readBody(request);
      const key = faults.has(path) ? path : (path.split('?')[0] ?? path);
      const fault = faults.get(key);
      if (fault) {
        const hits = (faultHits.get(key) ?? 0) + 1;
        faultHits.set(key, hits);
        if (applyFault(fault, hits, request, response, entry)) return;
      }
      const reply = await handler({ method: entry.method, path, headers: request.headers, body });
      if (!reply) {
        send(response, entry, {
          status: 404,
          headers: { 'content-type': 'text/html; charset=utf-8' },
          body: '<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>',
        });
        return;
      }
      if (
        conditional &&
        reply.status === 200 &&
        reply.body !== undefined &&
        entry.method === 'GET'
      ) {
        const bytes = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body);
        const etag = options.etags === false ? undefined : etagOf(bytes);
        if (etag) reply.headers = { etag, ...reply.headers };
        const ifNoneMatch = etag ? request.headers['if-none-match'] : undefined;
        const ifModifiedSince = request.headers['if-modified-since'];
        const notModified =
          ifNoneMatch !== undefined
            ? ifNoneMatch.split(',').some((tag) => tag.trim() === etag)
            : ifModifiedSince !== undefined &&
              reply.lastModified !== undefined &&
              Math.floor(reply.lastModified.getTime() / 1000) <=
                Math.floor(Date.parse(ifModifiedSince) / 1000);
        if (notModified) {
          entry.status = 304;
          response.writeHead(304, {
            ...(etag ? { etag } : {}),
            ...(reply.lastModified ? { 'last-modified': reply.lastModified.toUTCString() } : {}),
          });
          response.end();
          return;
        }
      }
      send(response, entry, reply);
    } catch (error) {
      send(response, entry, {
        status: 500,
        headers: { 'content-type': 'text/plain' },
        body: `replica error: ${(error as Error).message}`,
      });
    }
  });

  function applyFault(
    fault: Fault,
    hits: number,
    request: IncomingMessage,
    response: ServerResponse,
    entry: LoggedRequest,
  ): boolean {
    switch (fault.kind) {
      case 'status':
        send(response, entry, {
          status: fault.status,
          headers: { 'content-type': 'text/html; charset=utf-8', ...fault.headers },
          body: fault.body ?? `<html><body><h1>${fault.status}</h1></body></html>`,
        });
        return true;
      case 'body':
        send(response, entry, {
          status: fault.status ?? 200,
          headers: { 'content-type': fault.contentType },
          body: fault.body,
        });
        return true;
      case 'hang':
        entry.status = -1;
        return true;
      case 'redirect-loop': {
        const url = new URL(request.url ?? '/', 'http://replica');
        const back = url.searchParams.has('loop');
        entry.status = 302;
        response.writeHead(302, {
          location: back ? url.pathname : `${url.pathname}?loop=1`,
          'content-length': '0',
        });
        response.end();
        return true;
      }
      case 'redirect-chain': {
        const url = new URL(request.url ?? '/', 'http://replica');
        url.searchParams.set('hop', String(hits));
        entry.status = 302;
        response.writeHead(302, {
          location: `${url.pathname}${url.search}`,
          'content-length': '0',
        });
        response.end();
        return true;
      }
      case 'oversize': {
        entry.status = 200;
        response.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          ...(fault.chunked ? {} : { 'content-length': String(fault.bytes) }),
        });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        let left = fault.bytes;
        const pump = () => {
          while (left > 0) {
            const piece = chunk.subarray(0, Math.min(chunk.length, left));
            left -= piece.length;
            if (!response.write(piece)) {
              response.once('drain', pump);
              return;
            }
          }
          response.end();
        };
        response.on('error', () => {});
        pump();
        return true;
      }
      case 'retry-after':
        if (hits > fault.times) return false;
        send(response, entry, {
          status: fault.status,
          headers: { 'retry-after': fault.retryAfter, 'content-type': 'text/plain' },
          body: 'slow down',
        });
        return true;
      case 'stall-body':
        entry.status = 200;
        response.writeHead(200, { 'content-type': fault.contentType });
        response.write(fault.partial);
        return true;
      case 'drip-body': {
        entry.status = 200;
        response.writeHead(200, { 'content-type': 'text/html' });
        response.write('<html><body><p>');
        const drip = setInterval(() => response.write('drip '), fault.everyMs);
        response.once('close', () => clearInterval(drip));
        return true;
      }
    }
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    log,
    get peakInFlight() {
      return peakInFlight;
    },
    setFault(pathAndQuery, fault) {
      faults.set(pathAndQuery, fault);
      faultHits.delete(pathAndQuery);
    },
    clearFaults() {
      faults.clear();
      faultHits.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
