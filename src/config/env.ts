/**
 * The service's configuration, parsed once from the environment with zod.
 * A bad value stops start-up with a message naming the variable and the value.
 */
import path from 'node:path';
import { z } from 'zod';
import { formatZodIssues } from '../util/zod-errors.js';

const port = z.coerce.number().int().min(0).max(65535);

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
  /**
   * JSON-lines file imported when the index is empty at start-up, so a fresh
   * install serves real releases at once; "off" disables it.
   */
  SEED_FILE: z.string().min(1).default('../shared/corpus/state-dept/releases.jsonl'),
  SEED_SOURCE: z.string().min(1).default('us-state'),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  /** DATA_DIR made absolute. */
  dataDir: string;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  // Empty variables mean "unset", as people expect from `FOO= npm start`.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      `Invalid configuration:\n${formatZodIssues(parsed.error, cleaned)}\nSee the configuration table in README.md.`,
    );
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}
