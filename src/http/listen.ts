/**
 * The HTTP server under the Express app. Requests Node itself refuses before
 * Express sees them (a head past MAX_HEADER_BYTES, a malformed request line,
 * a client too slow to send its headers) get the API's JSON error shape
 * instead of Node's empty answer.
 */

import type { RequestListener } from 'node:http';
import http, { type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface HttpServerOptions {
  /** Largest request head (request line + headers) in bytes. */
  maxHeaderBytes: number;
  /** Called for every request refused at this level, with its error code. */
  onClientError?: (code: string) => void;
}

/** Node's parser error codes → status and the API's error code. */
function refusal(error: NodeJS.ErrnoException, maxHeaderBytes: number) {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        reason: 'Request Header Fields Too Large',
        code: 'HEADERS_TOO_LARGE',
        message: `The request line and headers are larger than ${maxHeaderBytes} bytes. Send a shorter URL or fewer cookies and headers.`,
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        reason: 'Request Timeout',
        code: 'REQUEST_TIMEOUT',
        message: 'The request did not arrive in time.',
      };
    default:
      return {
        status: 400,
        reason: 'Bad Request',
        code: 'BAD_REQUEST',
        message: 'The request is not valid HTTP.',
      };
  }
}

export function createHttpServer(app: RequestListener, options: HttpServerOptions): Server {
  const server = http.createServer(
    {
      maxHeaderSize: options.maxHeaderBytes,
      // A client that trickles its headers (slowloris) is cut off.
      headersTimeout: 15_000,
      requestTimeout: 60_000,
    },
    app,
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // A reset or a socket already answered on has no one left to tell.
    const answered = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage
      ?.headersSent;
    if (error.code === 'ECONNRESET' || !socket.writable || answered) {
      socket.destroy();
      return;
    }
    const refused = refusal(error, options.maxHeaderBytes);
    options.onClientError?.(refused.code);
    const body = JSON.stringify({ error: { code: refused.code, message: refused.message } });
    socket.end(
      `HTTP/1.1 ${refused.status} ${refused.reason}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
  return server;
}

/** Listens and resolves with the port (0 picks a free one). */
export function listenOn(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Stops accepting connections, closes idle keep-alive ones, lets requests in
 * flight finish, and cuts what is still open after `cutAfterMs`.
 */
export async function closeGracefully(server: Server, cutAfterMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const cut = setTimeout(() => server.closeAllConnections(), cutAfterMs);
  try {
    await closed;
  } finally {
    clearTimeout(cut);
  }
}
