/**
 * `npm run sources -- check ID`: crawls a few listing pages and items of one
 * source into a temporary archive — from its replica (a saved copy of the
 * site, served on 127.0.0.1), from SOURCE_BASE_URL_<ID>, or from the live
 * site with --live — normalizes every item with the source's own rules, and
 * judges each field (crawler/sources/verdicts.ts). Nothing is indexed; the
 * temporary archive is removed afterwards.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Archive } from '../../src/archive/archive.js';
import { rawItem } from '../../src/ingest/pipeline.js';
import type { Logger } from '../../src/log.js';
import { normalizeItem } from '../normalize/index.js';
import { extractRulesOf } from '../sources/index.js';
import type { SourceDefinition } from '../sources/schema.js';
import { type CheckVerdict, judgeCheck, judgeItem } from '../sources/verdicts.js';
import { crawlSource } from './engine.js';
import { SqliteStorageClient } from './queue-storage.js';
import { SavedSite, type ServedSite, savedSiteFolder, serveSavedSite } from './saved-site.js';
import type { CrawlDefaults } from './settings.js';

export interface CheckOptions {
  source: SourceDefinition;
  /** Crawl the live site instead of a replica. */
  live: boolean;
  /** Items to read at most. */
  items: number;
  /** Listing pages per language at most. */
  pages: number;
  defaults: CrawlDefaults;
  /** SOURCE_BASE_URL_<ID>: crawl from there instead of the replica. */
  baseUrl?: string | undefined;
  /** Where `replica.site` names are looked for (SHARED_DIR/sites). */
  sitesDir: string;
  logger: Logger;
  signal?: AbortSignal | undefined;
}

export interface CrawlProblem {
  code: string;
  message: string;
  url?: string | undefined;
}

export interface CheckResult {
  verdict: CheckVerdict;
  /** What was crawled: "live", "replica <folder>" or "<origin> (SOURCE_BASE_URL_…)". */
  target: string;
  live: boolean;
  crawl: { status: string; message?: string | undefined; problems: CrawlProblem[] };
}

export class CheckSetupError extends Error {
  constructor(
    readonly code: 'NO_REPLICA' | 'INVALID_SAVED_SITE',
    message: string,
  ) {
    super(message);
  }
}

/** A replica's folder: a path as given, or a name under SHARED_DIR/sites. */
export function replicaFolder(site: string, sitesDir: string): string {
  return path.isAbsolute(site) || site.startsWith('.')
    ? path.resolve(site)
    : path.join(sitesDir, site);
}

export async function checkSource(options: CheckOptions): Promise<CheckResult> {
  const { source } = options;
  const origin = new URL(source.baseUrl).origin;
  let served: ServedSite | undefined;
  let target = 'live';
  let definition = source;
  const overrides = new Map<string, string>();
  if (!options.live) {
    if (options.baseUrl) {
      overrides.set(origin, options.baseUrl);
      target = `${options.baseUrl} (SOURCE_BASE_URL)`;
    } else if (source.replica) {
      const folder = savedSiteFolder(source.replica.site, options.sitesDir);
      let site: SavedSite;
      try {
        site = SavedSite.open(folder);
      } catch (error) {
        throw new CheckSetupError('INVALID_SAVED_SITE', (error as Error).message);
      }
      served = await serveSavedSite(site, origin);
      overrides.set(origin, served.origin);
      target = `replica ${folder}`;
      // The copy may hold other listing pages than the live start URLs.
      if (source.replica.startUrls) {
        definition = { ...source, startUrls: { ...source.startUrls, ...source.replica.startUrls } };
      }
    } else {
      throw new CheckSetupError(
        'NO_REPLICA',
        `${source.id} has no replica (replica.site in its file): check it live with --live, or serve a copy and set SOURCE_BASE_URL_${source.id.toUpperCase().replace(/-/g, '_')}`,
      );
    }
  }
  const dir = await mkdtemp(path.join(tmpdir(), `check-${source.id}-`));
  const archive = new Archive(path.join(dir, 'archive.db'));
  try {
    const result = await crawlSource({
      archive,
      storage: new SqliteStorageClient(archive.db),
      source: definition,
      // A replica on this machine needs no politeness delay; a live site gets the configured one.
      defaults: options.live ? options.defaults : { ...options.defaults, delayMs: 0 },
      originOverrides: overrides,
      maxPages: options.pages,
      maxItems: options.items,
      logger: options.logger,
      signal: options.signal,
    });
    const problems: CrawlProblem[] =
      result.runId === undefined
        ? []
        : archive.runs.errors(result.runId).map((e) => ({
            code: e.code,
            message: e.message,
            ...(e.url ? { url: e.url } : {}),
          }));
    const rules = extractRulesOf(source);
    const items = archive.items
      .pending(source.id, options.items)
      .map((item) => judgeItem(item.url, normalizeItem(rawItem(item), rules), source));
    const verdict = judgeCheck(items);
    if (result.status !== 'completed') {
      verdict.passed = false;
      verdict.reasons.unshift(
        `the crawl ${result.status === 'postponed' ? 'could not reach the site' : result.status}: ${result.message ?? 'see the problems above'}`,
      );
    }
    return {
      verdict,
      target,
      live: options.live,
      crawl: { status: result.status, message: result.message, problems },
    };
  } finally {
    archive.close();
    await rm(dir, { recursive: true, force: true });
    await served?.close();
  }
}
