/**
 * The service's configuration, parsed once from the environment with zod.
 * A bad value stops start-up with a message naming the variable and the value.
 */
import path from 'node:path';
import { z } from 'zod';
import { formatZodIssues } from '../util/zod-errors.js';

const port = z.coerce.number().int().min(0).max(65535);
const millis = (min: number, fallback: number) =>
  z.coerce.number().int().min(min).default(fallback);

const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const parseDuration = (value: string): number => {
  const [, amount, unit] = /^(\d+)(ms|s|m|h|d)$/.exec(value) ?? [];
  return Number(amount) * (DURATION_UNITS[unit ?? 'ms'] ?? 1);
};

/** "6h", "30m", "90s", "1d" or "off" → milliseconds, or "off". */
export const intervalSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(off|\d+(ms|s|m|h|d))$/, 'must be a duration such as "6h", "30m", "90s", or "off"')
  .transform((value): number | 'off' => (value === 'off' ? 'off' : parseDuration(value)))
  .refine((value) => value === 'off' || value >= 60_000, 'must be at least 1m (or "off")');

/** "30s", "1h", "2d" … → milliseconds (no "off"). */
const durationSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^\d+(ms|s|m|h|d)$/, 'must be a duration such as "90s", "30m", "1h" or "2d"')
  .transform(parseDuration);
/**
 * WIDGET_ORIGINS: "" (none), "*" (any), or comma-separated origins such as
 * "https://news.example,http://127.0.0.1:3000" → the origins allowed to call
 * the API from a browser.
 */
export const originListSchema = z.string().transform((value, ctx): '*' | string[] => {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.includes('*')) {
    if (entries.length > 1)
      ctx.addIssue({ code: 'custom', message: 'use "*" alone, not in a list' });
    return '*';
  }
  const origins: string[] = [];
  for (const entry of entries) {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {}
    const bare = url && url.pathname === '/' && !url.search && !url.hash && !url.username;
    if (!url || !bare || !/^https?:$/.test(url.protocol) || /[?#]/.test(entry)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${entry}" is not an origin such as https://news.example or http://127.0.0.1:3000 (scheme, host and port only)`,
      });
      continue;
    }
    origins.push(url.origin);
  }
  return origins;
});
/** A duration of at least `minMs`, defaulting to `fallback` (both in milliseconds). */
const duration = (minMs: number, fallback: number) =>
  durationSchema.refine((ms) => ms >= minMs, `must be at least ${minMs} ms`).default(fallback);

/** Express's "trust proxy": off, on, a number of hops, or addresses/subnets of the proxies. */
const trustProxy = z
  .string()
  .trim()
  .transform((value): boolean | number | string => {
    if (/^(false|off|0)$/i.test(value)) return false;
    if (/^(true|on)$/i.test(value)) return true;
    if (/^\d+$/.test(value)) return Number(value);
    return value;
  })
  .default(false);

/** Our crawler's name and how to reach whoever runs it. */
export const DEFAULT_USER_AGENT =
  'PressReleaseSearchBot/0.1 (+https://press-release-search.example/bot)';

export const envSchema = z.object({
  PORT: port.default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  MEILI_HOST: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:7700' })
    .optional(),
  MEILI_MASTER_KEY: z.string().min(16, 'must be at least 16 bytes').optional(),
  MEILI_BINARY: z.string().min(1).optional(),
  MEILI_INDEX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, "-" or "_"')
    .default('releases'),
  MEILI_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(3000),
  MEILI_STARTUP_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /** The shared data folder beside the repository (real corpora). */
  SHARED_DIR: z.string().min(1).default('../shared'),
  /** A folder of source files of one's own (same format as crawler/sources/), added to the project's. */
  SOURCES_DIR: z.string().min(1).optional(),
  /**
   * File imported when the index is empty at start-up, so a fresh install
   * serves real releases at once; "off" disables it. Unset: every real text
   * in SHARED_DIR (see src/ingest/seed.ts).
   */
  SEED_FILE: z.string().min(1).optional(),
  SEED_SOURCE: z.string().min(1).default('us-state'),
  /** How often npm start crawls all enabled sources (also once at start); "off" disables it. */
  CRAWL_INTERVAL: intervalSchema.default(6 * 3_600_000),
  /** Sent with every request; must name the crawler and a contact URL. */
  CRAWL_USER_AGENT: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]+\/?\S*/, 'must start with a product token such as "MyBot/1.0"')
    .refine((ua) => /https?:\/\/\S+/.test(ua), 'must contain a contact URL (http:// or https://)')
    .default(DEFAULT_USER_AGENT),
  /** Minimum delay between two requests to one host (robots.txt Crawl-delay can raise it). */
  CRAWL_DELAY_MS: millis(0, 1000),
  /** Requests in flight at once per host. */
  CRAWL_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  CRAWL_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  CRAWL_CONNECT_TIMEOUT_MS: millis(100, 10_000),
  /** Longest wait for an answer, and longest silence while a body arrives (a whole body: 4×). */
  CRAWL_READ_TIMEOUT_MS: millis(100, 30_000),
  CRAWL_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  CRAWL_MAX_REDIRECTS: z.coerce.number().int().min(0).max(20).default(5),
  /** Runs in which an item whose fetch keeps failing is tried before it is given up (GAVE_UP). */
  CRAWL_RETRY_MAX_RUNS: z.coerce.number().int().min(1).max(100).default(5),
  /** Wait before a failed item is tried again in a later run; doubles with each failed run. */
  CRAWL_RETRY_BACKOFF: durationSchema.default(3_600_000),
  /** Archived items listed again are re-checked once their last fetch is this old; "off": never. */
  CRAWL_RECHECK_AFTER: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^(off|\d+(ms|s|m|h|d))$/, 'must be a duration such as "7d", "12h", or "off"')
    .transform((value): number | 'off' => (value === 'off' ? 'off' : parseDuration(value)))
    .default(7 * 86_400_000),
  /** A crawl's lease on its source lasts this long unless renewed (every third of it). */
  CRAWL_LEASE_TTL: durationSchema.refine((ms) => ms >= 1000, 'must be at least 1s').default(30_000),
  /** Origins whose pages may call the API (the widget's hosts); default none but our own. */
  WIDGET_ORIGINS: originListSchema.default([]),

  // ---- operations: shutdown, engine supervision, limits, admin ----
  /** SIGTERM/SIGINT: how long in-flight requests, the crawl and Meilisearch get to stop. */
  SHUTDOWN_GRACE: duration(100, 8000),
  /** First wait before restarting an embedded Meilisearch that exited; doubles per recent restart. */
  MEILI_RESTART_DELAY: duration(10, 1000),
  MEILI_RESTART_MAX_DELAY: duration(10, 30_000),
  /** This many restarts within MEILI_CRASH_LOOP_WINDOW is reported as a crash loop. */
  MEILI_CRASH_LOOP_RESTARTS: z.coerce.number().int().min(1).default(5),
  MEILI_CRASH_LOOP_WINDOW: duration(1000, 300_000),
  /** How often Meilisearch's /health is checked (more often while it is down). */
  MEILI_HEALTH_INTERVAL: duration(50, 5000),
  /** Requests per client per RATE_LIMIT_WINDOW to /api (health checks exempt); 0 = no limit. */
  RATE_LIMIT_MAX: z.coerce.number().int().min(0).default(600),
  RATE_LIMIT_WINDOW: duration(1000, 60_000),
  /** Which proxy in front may name the client (X-Forwarded-For): false, true, hops, or subnets. */
  TRUST_PROXY: trustProxy,
  /** Largest request head (request line + headers) in bytes; larger gets 431 with a JSON body. */
  MAX_HEADER_BYTES: z.coerce.number().int().min(1024).max(1_048_576).default(16_384),
  /** Bearer token for /api/admin/*; unset = the admin API is off (404). */
  ADMIN_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
});

/** Variables whose values never appear in messages. */
const SECRET_VARIABLES = new Set(['MEILI_MASTER_KEY', 'ADMIN_TOKEN']);

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  /** DATA_DIR made absolute. */
  dataDir: string;
  /**
   * Source id → origin to crawl it from instead of its own, from
   * SOURCE_BASE_URL_<ID> variables (ID upper-cased, "-" as "_"), e.g.
   * SOURCE_BASE_URL_CN_MFA=http://127.0.0.1:8801 for a local replica.
   */
  sourceBaseUrls: Record<string, string>;
}

const SOURCE_BASE_URL = /^SOURCE_BASE_URL_([A-Z0-9_]+)$/;

/** The variable that moves a source to another origin: "cn-mfa" → "SOURCE_BASE_URL_CN_MFA". */
export function sourceBaseUrlVariable(sourceId: string): string {
  return `SOURCE_BASE_URL_${sourceId.toUpperCase().replace(/-/g, '_')}`;
}

function sourceBaseUrls(env: Record<string, string | undefined>): {
  urls: Record<string, string>;
  problems: string[];
} {
  const urls: Record<string, string> = {};
  const problems: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    const match = SOURCE_BASE_URL.exec(name);
    if (!match || value === undefined) continue;
    const id = (match[1] ?? '').toLowerCase().replace(/_/g, '-');
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {}
    if (!url || !/^https?:$/.test(url.protocol)) {
      problems.push(
        `- ${name} = ${JSON.stringify(value)}: must be an http(s) origin such as http://127.0.0.1:8801`,
      );
      continue;
    }
    urls[id] = url.origin;
  }
  return { urls, problems };
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  // Empty variables mean "unset", as people expect from `FOO= npm start`.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  const overrides = sourceBaseUrls(cleaned);
  if (!parsed.success || overrides.problems.length > 0) {
    const shown = Object.fromEntries(
      Object.entries(cleaned).map(([name, value]) => [
        name,
        SECRET_VARIABLES.has(name) ? `(hidden, ${value?.length ?? 0} characters)` : value,
      ]),
    );
    const lines = [
      ...(parsed.success ? [] : [formatZodIssues(parsed.error, shown)]),
      ...overrides.problems,
    ];
    throw new ConfigError(
      `Invalid configuration:\n${lines.join('\n')}\nSee the configuration table in README.md.`,
    );
  }
  return {
    ...parsed.data,
    dataDir: path.resolve(parsed.data.DATA_DIR),
    ...(parsed.data.SOURCES_DIR ? { SOURCES_DIR: path.resolve(parsed.data.SOURCES_DIR) } : {}),
    sourceBaseUrls: overrides.urls,
  };
}
