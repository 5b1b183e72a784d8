/**
 * Crawl settings: the defaults from the configuration (CRAWL_*), overridden
 * per source by its `politeness` block.
 */
import type { SourceDefinition } from '../sources/schema.js';

/** Crawl defaults from the configuration; a source's `politeness` overrides them. */
export interface CrawlDefaults {
  userAgent: string;
  delayMs: number;
  concurrency: number;
  maxRetries: number;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** First back-off delay; doubles with each retry (with jitter). */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A Retry-After longer than this gives the request up for this run. */
  maxRetryAfterMs: number;
  /** Runs in which a failing item is tried before it is given up (GAVE_UP). */
  retryMaxRuns: number;
  /** Wait before a failed item is tried again in a later run; doubles with each failed run. */
  retryBackoffMs: number;
  /** Archived items listed again are re-checked once their last fetch is this old ('off': never). */
  recheckAfterMs: number | 'off';
  /** A crawl's lease on its source lasts this long unless its heartbeat renews it. */
  leaseTtlMs: number;
}

export const DEFAULT_CRAWL: Omit<CrawlDefaults, 'userAgent'> = {
  delayMs: 1000,
  concurrency: 2,
  maxRetries: 3,
  connectTimeoutMs: 10_000,
  readTimeoutMs: 30_000,
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
  backoffBaseMs: 1000,
  backoffMaxMs: 60_000,
  maxRetryAfterMs: 120_000,
  retryMaxRuns: 5,
  retryBackoffMs: 3_600_000,
  recheckAfterMs: 7 * 86_400_000,
  leaseTtlMs: 30_000,
};

export type CrawlSettings = CrawlDefaults;

export function settingsFor(source: SourceDefinition, defaults: CrawlDefaults): CrawlSettings {
  const p = source.politeness;
  return {
    ...defaults,
    delayMs: p.delayMs ?? defaults.delayMs,
    concurrency: p.concurrency ?? defaults.concurrency,
    maxRetries: p.maxRetries ?? defaults.maxRetries,
    connectTimeoutMs: p.connectTimeoutMs ?? defaults.connectTimeoutMs,
    readTimeoutMs: p.readTimeoutMs ?? defaults.readTimeoutMs,
    maxBytes: p.maxBytes ?? defaults.maxBytes,
    maxRedirects: p.maxRedirects ?? defaults.maxRedirects,
  };
}

/**
 * Crawlee's navigation time-out is only a backstop: our client enforces the
 * connect and read time-outs itself. It must outlast every wait a request may
 * have inside the client: a slot per hop (the host's delay, or a pause up to
 * the longest Retry-After honoured) and a connect + read per hop.
 */
export function navigationBackstopSecs(settings: CrawlSettings, delayMs: number): number {
  const perHop = settings.connectTimeoutMs + settings.readTimeoutMs + delayMs;
  return Math.ceil(((settings.maxRedirects + 2) * perHop + settings.maxRetryAfterMs) / 1000) + 5;
}
