/**
 * Running the crawler in-process against replicas: its own temporary archive,
 * politeness defaults that keep tests fast (no delay, short back-off), a log
 * captured as JSON lines so tests can check the error codes it names.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Meilisearch } from 'meilisearch';
import { quietCrawlee } from '../../crawler/crawl/engine.js';
import { type CrawlReport, runCrawl } from '../../crawler/crawl/run.js';
import { type CrawlDefaults, DEFAULT_CRAWL } from '../../crawler/crawl/settings.js';
import { sourceById } from '../../crawler/sources/index.js';
import type { SourceDefinition } from '../../crawler/sources/schema.js';
import { Archive } from '../../src/archive/archive.js';
import { type LogLine, memoryLogger } from './log.js';

export const TEST_USER_AGENT =
  'PressReleaseSearchBot/0.1 (+https://press-release-search.example/bot)';

export const TEST_DEFAULTS: CrawlDefaults = {
  ...DEFAULT_CRAWL,
  userAgent: TEST_USER_AGENT,
  delayMs: 0,
  concurrency: 2,
  maxRetries: 1,
  readTimeoutMs: 5000,
  backoffBaseMs: 10,
  backoffMaxMs: 50,
};

export type { LogLine };

/** Node arguments of `npm run crawl` for one source and language, archiving only (no index). */
export function crawlCliArgs(source: string, lang: string, maxPages: number): string[] {
  return [
    '--import',
    'tsx',
    'crawler/cli.ts',
    '--source',
    source,
    '--lang',
    lang,
    '--max-pages',
    String(maxPages),
    '--no-index',
    '--json',
  ];
}

export class CrawlHarness {
  private readonly memory = memoryLogger();
  readonly log: LogLine[] = this.memory.lines;
  readonly logger = this.memory.logger;

  private constructor(
    readonly dir: string,
    readonly archive: Archive,
  ) {}

  static async create(): Promise<CrawlHarness> {
    quietCrawlee('info');
    const dir = await mkdtemp(path.join(tmpdir(), 'crawl-test-'));
    return new CrawlHarness(dir, new Archive(path.join(dir, 'archive.db')));
  }

  async crawl(options: {
    /** Source ids of the registry, or whole definitions (the hostile test site's). */
    sources: (string | SourceDefinition)[];
    replicas?: Record<string, string>;
    /** More logical origin → server mappings (a site playing several hosts). */
    overrides?: ReadonlyMap<string, string>;
    langs?: string[];
    maxPages?: number;
    since?: Date;
    defaults?: Partial<CrawlDefaults>;
    source?: (source: SourceDefinition) => SourceDefinition;
    index?: { client: Meilisearch; uid: string };
    /** Another connection to this harness's archive file (a second crawler on the same data). */
    archive?: Archive;
    /** Stops the crawl (as Ctrl-C or a shutdown does). */
    signal?: AbortSignal;
  }): Promise<CrawlReport> {
    const sources = options.sources.map((idOrSource) => {
      const source = typeof idOrSource === 'string' ? sourceById(idOrSource) : idOrSource;
      if (!source) throw new Error(`no source ${idOrSource}`);
      return options.source ? options.source(source) : source;
    });
    const replicas = options.replicas ?? {};
    const overrides = new Map([
      ...(options.overrides ?? []),
      ...sources
        .filter((s) => replicas[s.id])
        .map((s) => [new URL(s.baseUrl).origin, replicas[s.id] as string] as const),
    ]);
    return runCrawl({
      archive: options.archive ?? this.archive,
      sources,
      defaults: { ...TEST_DEFAULTS, ...options.defaults },
      originOverrides: overrides,
      langs: options.langs,
      maxPages: options.maxPages,
      since: options.since,
      index: options.index,
      logger: this.logger,
      signal: options.signal,
    });
  }

  /** Error codes the archive recorded for a run. */
  errorCodes(runId: number | undefined): string[] {
    return runId === undefined ? [] : this.archive.runs.errors(runId).map((e) => e.code);
  }

  count(sql: string, ...params: unknown[]): number {
    return (this.archive.db.prepare(sql).get(...params) as { n: number }).n;
  }

  async close(): Promise<void> {
    this.archive.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}
