/**
 * From configuration to crawl settings: defaults (CRAWL_*), base-URL
 * overrides (SOURCE_BASE_URL_<ID>), and which sources a crawl covers.
 */
import { type Config, ConfigError, sourceBaseUrlVariable } from '../../src/config/env.js';
import { SOURCES } from '../sources/index.js';
import type { SourceDefinition } from '../sources/schema.js';
import type { CrawlDefaults } from './settings.js';
import { DEFAULT_CRAWL } from './settings.js';

export function crawlDefaultsFrom(config: Config): CrawlDefaults {
  return {
    ...DEFAULT_CRAWL,
    userAgent: config.CRAWL_USER_AGENT,
    delayMs: config.CRAWL_DELAY_MS,
    concurrency: config.CRAWL_CONCURRENCY,
    maxRetries: config.CRAWL_MAX_RETRIES,
    connectTimeoutMs: config.CRAWL_CONNECT_TIMEOUT_MS,
    readTimeoutMs: config.CRAWL_READ_TIMEOUT_MS,
    maxBytes: config.CRAWL_MAX_BYTES,
    maxRedirects: config.CRAWL_MAX_REDIRECTS,
    retryMaxRuns: config.CRAWL_RETRY_MAX_RUNS,
    retryBackoffMs: config.CRAWL_RETRY_BACKOFF,
    recheckAfterMs: config.CRAWL_RECHECK_AFTER,
    leaseTtlMs: config.CRAWL_LEASE_TTL,
  };
}

/** Real origin → replacement origin, for the sources named in SOURCE_BASE_URL_<ID>. */
export function originOverridesFrom(
  config: Pick<Config, 'sourceBaseUrls'>,
  sources: readonly SourceDefinition[] = SOURCES,
): Map<string, string> {
  const overrides = new Map<string, string>();
  for (const [id, origin] of Object.entries(config.sourceBaseUrls)) {
    const source = sources.find((s) => s.id === id);
    if (!source) {
      const variable = sourceBaseUrlVariable(id);
      throw new ConfigError(
        `Invalid configuration:\n- ${variable}: there is no source "${id}" (known: ${sources.map((s) => s.id).join(', ')})`,
      );
    }
    overrides.set(new URL(source.baseUrl).origin, origin);
  }
  return overrides;
}

export class UnknownSourceError extends Error {
  readonly code = 'UNKNOWN_SOURCE';
}

/** The sources to crawl: those named, or all enabled ones. */
export function selectSources(
  ids: readonly string[] | undefined,
  sources: readonly SourceDefinition[] = SOURCES,
): SourceDefinition[] {
  if (!ids || ids.length === 0) return sources.filter((s) => s.enabled);
  return ids.map((id) => {
    const source = sources.find((s) => s.id === id);
    if (!source) {
      throw new UnknownSourceError(
        `Unknown source "${id}". Known: ${sources.map((s) => s.id).join(', ')}`,
      );
    }
    return source;
  });
}
