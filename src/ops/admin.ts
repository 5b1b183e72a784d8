/**
 * What the admin API does: start crawls, run an index rebuild as a
 * background job, and gather the service's state in one answer.
 */
import type { Archive } from '../archive/archive.js';
import { AppError } from '../errors.js';
import { type Logger, silentLogger } from '../log.js';
import type { EngineStatus } from '../meili/supervisor.js';
import { archiveFigures } from './archive-figures.js';

/** What the admin routes ask of the service; each route makes one call. */
export interface AdminService {
  /** Starts a crawl of every enabled source, or of one; throws AppError when it cannot. */
  crawl(source: string | undefined): { sources: string[] };
  /** Starts an index rebuild from the archive; throws AppError when one is running. */
  reindex(): { job: JobStatus };
  status(): Promise<AdminStatus>;
}

export interface JobStatus {
  state: 'idle' | 'running' | 'succeeded' | 'failed';
  startedAt: string | null;
  finishedAt: string | null;
  result?: unknown;
  error?: string;
}

/** The crawl's state as GET /api/sources shows it (only what this module reads is typed). */
export interface CrawlStatus {
  sources: { id: string; crawling: boolean }[];
}

export interface AdminStatus {
  engine: EngineStatus | null;
  releases: {
    archive: number;
    /** Documents in the index; null when Meilisearch does not answer. */
    index: number | null;
    pending: number;
    indexFailed: number;
    refused: number;
    indexLagSeconds: number;
  };
  crawl: CrawlStatus | null;
  reindex: JobStatus;
}

export interface AdminDeps {
  archive: Archive;
  sources: readonly { id: string; enabled: boolean }[];
  crawl?: { runNow(only?: readonly string[]): boolean; status(): CrawlStatus };
  /** The rebuild behind POST /api/admin/reindex; its result is shown in the job status. */
  reindex: () => Promise<unknown>;
  engine?: { status(): EngineStatus };
  indexed: () => Promise<number>;
  logger?: Logger;
}

export function createAdminService(deps: AdminDeps): AdminService {
  const logger = deps.logger ?? silentLogger;
  let job: JobStatus = { state: 'idle', startedAt: null, finishedAt: null };

  return {
    crawl(source) {
      const crawl = deps.crawl;
      if (!crawl) throw new AppError('CRAWL_OFF', 'This service runs no crawler.', 409);
      let only: string[] | undefined;
      if (source !== undefined) {
        const known = deps.sources.find((s) => s.id === source);
        if (!known) {
          throw new AppError(
            'INVALID_PARAMETER',
            `Unknown source "${source}"; known ones: ${deps.sources.map((s) => s.id).join(', ')}`,
            400,
            [{ param: 'source', value: source, message: 'unknown source' }],
          );
        }
        only = [source];
      }
      const sources = only ?? deps.sources.filter((s) => s.enabled).map((s) => s.id);
      if (!crawl.runNow(only)) {
        const crawling = crawl
          .status()
          .sources.filter((s) => s.crawling)
          .map((s) => s.id);
        throw new AppError(
          'CRAWL_RUNNING',
          `A crawl is running (${crawling.join(', ') || 'starting'}); try again when it has finished (GET /api/admin/status).`,
          409,
          { crawling },
        );
      }
      logger.info({ sources }, 'crawl started from the admin API');
      return { sources };
    },

    reindex() {
      if (job.state === 'running') {
        throw new AppError(
          'REINDEX_RUNNING',
          `A reindex is running since ${job.startedAt}; see GET /api/admin/status.`,
          409,
          { job },
        );
      }
      job = { state: 'running', startedAt: new Date().toISOString(), finishedAt: null };
      logger.info('reindex started from the admin API');
      const running = job;
      deps.reindex().then(
        (result) => {
          Object.assign(running, {
            state: 'succeeded',
            finishedAt: new Date().toISOString(),
            result,
          });
          logger.info({ result }, 'reindex finished');
        },
        (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          Object.assign(running, {
            state: 'failed',
            finishedAt: new Date().toISOString(),
            error: message,
          });
          logger.error({ err: error }, `reindex failed: ${message}`);
        },
      );
      return { job: { ...job } };
    },

    async status() {
      // Everything synchronous first, the crawl and the job before the archive, so the
      // figures are never older than the states shown with them; the index count last.
      const reindex = { ...job };
      const crawl = deps.crawl?.status() ?? null;
      const engine = deps.engine?.status() ?? null;
      const figures = archiveFigures(deps.archive);
      return {
        engine,
        releases: {
          archive: figures.releases,
          index: await deps.indexed().catch(() => null),
          pending: figures.pending,
          indexFailed: figures.indexFailed,
          refused: figures.refused,
          indexLagSeconds: Math.round(figures.indexLagSeconds),
        },
        crawl,
        reindex,
      };
    },
  };
}
