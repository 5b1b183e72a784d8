/**
 * Crawl errors carry a stable code (what the log and the summary count) and
 * say what happens next: a `CrawlError` is retried with back-off, a
 * `FinalCrawlError` (a Crawlee NonRetryableError) is recorded and skipped.
 */
import { NonRetryableError } from '@crawlee/core';
import { SlotAbortedError } from './politeness.js';

export type CrawlErrorCode =
  | 'HTTP_ERROR' // 5xx and other statuses a page should not have
  | 'ITEM_GONE' // 404 / 410
  | 'RATE_LIMITED' // 429 / 503 with Retry-After
  | 'TIMEOUT' // no answer, or the body stalled, within the read time-out
  | 'CONNECT_TIMEOUT'
  | 'CONNECT_FAILED' // refused, reset, DNS
  | 'TOO_LARGE' // over the maximum response size
  | 'REDIRECT_LOOP'
  | 'TOO_MANY_REDIRECTS'
  | 'UNSUPPORTED_CONTENT' // a content type the source does not serve
  | 'INVALID_JSON' // truncated or not JSON at all
  | 'GRAPHQL_ERROR' // an {"errors": […]} answer
  | 'INVALID_RESPONSE' // JSON or XML of the wrong shape (zod names the field)
  | 'INVALID_FEED_ITEM'
  | 'LISTING_REPEATS' // a listing page that repeats an earlier one
  | 'CHARSET_DAMAGED' // text full of replacement characters
  | 'LISTING_TEXT_DAMAGED' // a listing's chrome is damaged, its entries intact: followed
  | 'OFF_SITE_LINK' // a listing links a page outside the source's hosts: not followed
  | 'INVALID_LINK' // a listing entry whose href is not a URL
  | 'INVALID_PDF' // a PDF item that cannot be read
  | 'CHARSET_MISMATCH' // declared charset does not fit the bytes (decoded anyway)
  | 'CHARSET_UNDECLARED' // neither header nor page says; detected from the bytes
  | 'ROBOTS_DISALLOWED' // robots.txt forbids the URL (or a redirect hop to it)
  | 'OFF_SITE_REDIRECT' // a redirect to a host that is not the source's
  | 'ROBOTS_UNAVAILABLE' // robots.txt answered 5xx or not at all: the host is postponed
  | 'HOST_UNREACHABLE'
  | 'STOPPED' // the crawl stopped (Ctrl-C, shutdown) before the request could leave
  | 'FETCH_FAILED';

export interface CrawlErrorOptions {
  status?: number | undefined;
  retryAfterMs?: number | undefined;
  /** The host that failed (a redirect hop may have led away from the request's own). */
  host?: string | undefined;
  cause?: unknown;
}

/** A failure worth another try (after a back-off, or after Retry-After). */
export class CrawlError extends Error {
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly host: string | undefined;
  constructor(
    readonly code: CrawlErrorCode,
    message: string,
    options: CrawlErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'CrawlError';
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.host = options.host;
  }
}

/** A failure that another try would not fix: recorded, counted, skipped. */
export class FinalCrawlError extends NonRetryableError {
  readonly status: number | undefined;
  constructor(
    readonly code: CrawlErrorCode,
    message: string,
    options: CrawlErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'FinalCrawlError';
    this.status = options.status;
  }
}

const NODE_CODES: Record<string, CrawlErrorCode> = {
  ECONNREFUSED: 'CONNECT_FAILED',
  ECONNRESET: 'CONNECT_FAILED',
  EPIPE: 'CONNECT_FAILED',
  ENOTFOUND: 'CONNECT_FAILED',
  EAI_AGAIN: 'CONNECT_FAILED',
  EHOSTUNREACH: 'CONNECT_FAILED',
  ENETUNREACH: 'CONNECT_FAILED',
  ETIMEDOUT: 'TIMEOUT',
  UND_ERR_SOCKET: 'CONNECT_FAILED',
};

/** The stable code of any error met while crawling. */
export function crawlErrorCode(error: unknown): CrawlErrorCode {
  if (error instanceof CrawlError || error instanceof FinalCrawlError) return error.code;
  if (error instanceof SlotAbortedError) return 'STOPPED';
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && NODE_CODES[code]) return NODE_CODES[code];
  const message = error instanceof Error ? error.message : String(error);
  if (/timed out|timeout/i.test(message)) return 'TIMEOUT';
  if (/served Content-Type/i.test(message)) return 'UNSUPPORTED_CONTENT';
  if (/^5\d\d - /.test(message)) return 'HTTP_ERROR';
  return 'FETCH_FAILED';
}

export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
