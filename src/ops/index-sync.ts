/**
 * Archive → index syncs inside the running service: one at a time, run at
 * start (releases left pending by an earlier failure) and whenever
 * Meilisearch comes back after being down, so indexing interrupted by the
 * engine dying resumes from the archive without waiting for the next crawl.
 */
import type { Meilisearch } from 'meilisearch';
import type { Archive } from '../archive/archive.js';
import { emptySync, type SyncReport, syncArchiveToIndex } from '../indexing/sync.js';
import { type Logger, silentLogger } from '../log.js';

export class IndexSyncRunner {
  private running: Promise<SyncReport> | undefined;
  private rerun: Promise<SyncReport> | undefined;

  constructor(
    private readonly archive: Archive,
    private readonly client: Meilisearch,
    private readonly indexUid: string,
    private readonly options: { logger?: Logger; batchSize?: number } = {},
  ) {}

  /** Syncs now; while a sync runs, one more is queued after it (asking twice queues one). */
  run(reason: string): Promise<SyncReport> {
    if (!this.running) {
      this.running = this.syncOnce(reason).finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.rerun ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.rerun = undefined;
        return this.run(reason);
      });
    return this.rerun;
  }

  /** Waits for the syncs under way (shutdown). */
  async idle(): Promise<void> {
    await this.rerun?.catch(() => undefined);
    await this.running?.catch(() => undefined);
  }

  private async syncOnce(reason: string): Promise<SyncReport> {
    const logger = this.options.logger ?? silentLogger;
    const pending = this.archive.releases.pendingIndexCount();
    if (pending === 0) return emptySync();
    logger.info(
      { pending, reason },
      `indexing ${pending} pending releases from the archive (${reason})`,
    );
    const report = await syncArchiveToIndex(this.archive, this.client, this.indexUid, {
      logger,
      ...(this.options.batchSize ? { batchSize: this.options.batchSize } : {}),
    });
    if (report.error === undefined) {
      logger.info(
        {
          indexed: report.indexed,
          added: report.added,
          updated: report.updated,
          removed: report.removed,
        },
        `indexed ${report.indexed} releases from the archive`,
      );
    }
    return report;
  }
}

/** Whenever the engine comes back up, indexing interrupted by its going down resumes from the archive. */
export function resumeIndexingOnRecovery(
  supervisor: {
    onChange(listener: (status: { state: string }, previous: string) => void): unknown;
  },
  runner: IndexSyncRunner,
): void {
  supervisor.onChange((status, previous) => {
    if (status.state === 'up' && previous !== 'up')
      runner.run('Meilisearch is back').catch(() => undefined);
  });
}
