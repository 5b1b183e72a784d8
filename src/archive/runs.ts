/**
 * The crawler's own record: runs over a source, the listing pages and errors
 * of each run, and where the crawl of each source and language stands.
 */
import { type ArchiveDatabase, now } from './db.js';

export type RunStatus = 'running' | 'completed' | 'failed' | 'postponed';

export interface RunRecord {
  id: number;
  source: string;
  langs: string[];
  options: Record<string, unknown>;
  startedAt: string;
  resumedAt: string | null;
  finishedAt: string | null;
  status: RunStatus;
  stats: Record<string, unknown>;
  error: string | null;
}

export interface CrawlStateRecord {
  source: string;
  lang: string;
  backfillDone: boolean;
  lastRunId: number | null;
  lastSuccessAt: string | null;
}

export interface ErrorRecord {
  runId: number;
  source: string;
  lang?: string | undefined;
  url?: string | undefined;
  code: string;
  message: string;
}

interface RunRow {
  id: number;
  source: string;
  langs: string;
  options: string;
  started_at: string;
  resumed_at: string | null;
  finished_at: string | null;
  status: RunStatus;
  stats: string;
  error: string | null;
}

function toRun(row: RunRow): RunRecord {
  return {
    id: row.id,
    source: row.source,
    langs: JSON.parse(row.langs) as string[],
    options: JSON.parse(row.options) as Record<string, unknown>,
    startedAt: row.started_at,
    resumedAt: row.resumed_at,
    finishedAt: row.finished_at,
    status: row.status,
    stats: JSON.parse(row.stats) as Record<string, unknown>,
    error: row.error,
  };
}

export class RunStore {
  constructor(private readonly store: ArchiveDatabase) {}

  unfinished(source: string): RunRecord | undefined {
    const row = this.store
      .sql(`SELECT * FROM crawl_runs WHERE source = ? AND status = 'running' ORDER BY id DESC`)
      .get(source) as RunRow | undefined;
    return row ? toRun(row) : undefined;
  }

  start(source: string, langs: string[], options: Record<string, unknown>): RunRecord {
    const result = this.store
      .sql(
        `INSERT INTO crawl_runs (source, langs, options, started_at, status) VALUES (?, ?, ?, ?, 'running')`,
      )
      .run(source, JSON.stringify(langs), JSON.stringify(options), now());
    return this.get(Number(result.lastInsertRowid)) as RunRecord;
  }

  markResumed(id: number): void {
    this.store.sql('UPDATE crawl_runs SET resumed_at = ? WHERE id = ?').run(now(), id);
  }

  get(id: number): RunRecord | undefined {
    const row = this.store.sql('SELECT * FROM crawl_runs WHERE id = ?').get(id) as
      | RunRow
      | undefined;
    return row ? toRun(row) : undefined;
  }

  last(source: string): RunRecord | undefined {
    const row = this.store
      .sql('SELECT * FROM crawl_runs WHERE source = ? ORDER BY id DESC LIMIT 1')
      .get(source) as RunRow | undefined;
    return row ? toRun(row) : undefined;
  }

  /** The source's latest runs, newest first. */
  recent(source: string, limit = 10): RunRecord[] {
    const rows = this.store
      .sql('SELECT * FROM crawl_runs WHERE source = ? ORDER BY id DESC LIMIT ?')
      .all(source, limit) as RunRow[];
    return rows.map(toRun);
  }

  saveStats(id: number, stats: Record<string, unknown>): void {
    this.store.sql('UPDATE crawl_runs SET stats = ? WHERE id = ?').run(JSON.stringify(stats), id);
  }

  finish(
    id: number,
    status: Exclude<RunStatus, 'running'>,
    stats: Record<string, unknown>,
    error?: string,
  ): void {
    this.store
      .sql('UPDATE crawl_runs SET status = ?, finished_at = ?, stats = ?, error = ? WHERE id = ?')
      .run(status, now(), JSON.stringify(stats), error ?? null, id);
  }

  /**
   * Records a listing page of a run; returns the page number of an earlier
   * page of the same run and language with the very same items, if any.
   */
  recordPage(
    runId: number,
    lang: string,
    page: number,
    signature: string,
    items: number,
    newItems: number,
  ): number | undefined {
    const same = this.store
      .sql(
        'SELECT page FROM crawl_pages WHERE run_id = ? AND lang = ? AND signature = ? AND page <> ? ORDER BY page LIMIT 1',
      )
      .get(runId, lang, signature, page) as { page: number } | undefined;
    this.store
      .sql(
        `INSERT INTO crawl_pages (run_id, lang, page, signature, items, new_items) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (run_id, lang, page) DO UPDATE SET signature = excluded.signature,
             items = excluded.items, new_items = excluded.new_items`,
      )
      .run(runId, lang, page, signature, items, newItems);
    return same?.page;
  }

  /** Languages of which the run has read at least one listing page. */
  languagesRead(runId: number): string[] {
    return (
      this.store.sql('SELECT DISTINCT lang FROM crawl_pages WHERE run_id = ?').all(runId) as {
        lang: string;
      }[]
    ).map((r) => r.lang);
  }

  /** Adds to one of a run's counts; inside the transaction of the archive write it counts. */
  addCount(runId: number, name: string, n = 1): void {
    this.store
      .sql(
        `INSERT INTO crawl_run_counts (run_id, name, n) VALUES (?, ?, ?)
           ON CONFLICT (run_id, name) DO UPDATE SET n = n + excluded.n`,
      )
      .run(runId, name, n);
  }

  /** A run's counts as saved with each write, and its errors by code (from crawl_errors). */
  counts(runId: number): { counts: Record<string, number>; errors: Record<string, number> } {
    const counts = this.store
      .sql('SELECT name, n FROM crawl_run_counts WHERE run_id = ?')
      .all(runId) as { name: string; n: number }[];
    const errors = this.store
      .sql('SELECT code, COUNT(*) AS n FROM crawl_errors WHERE run_id = ? GROUP BY code')
      .all(runId) as { code: string; n: number }[];
    return {
      counts: Object.fromEntries(counts.map((r) => [r.name, r.n])),
      errors: Object.fromEntries(errors.map((r) => [r.code, r.n])),
    };
  }

  recordError(error: ErrorRecord): void {
    this.store
      .sql(
        'INSERT INTO crawl_errors (run_id, source, lang, url, code, message, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        error.runId,
        error.source,
        error.lang ?? null,
        error.url ?? null,
        error.code,
        error.message,
        now(),
      );
  }

  errors(runId: number): (ErrorRecord & { at: string })[] {
    return (
      this.store
        .sql(
          'SELECT run_id, source, lang, url, code, message, at FROM crawl_errors WHERE run_id = ? ORDER BY id',
        )
        .all(runId) as {
        run_id: number;
        source: string;
        lang: string | null;
        url: string | null;
        code: string;
        message: string;
        at: string;
      }[]
    ).map((r) => ({
      runId: r.run_id,
      source: r.source,
      lang: r.lang ?? undefined,
      url: r.url ?? undefined,
      code: r.code,
      message: r.message,
      at: r.at,
    }));
  }

  state(source: string, lang: string): CrawlStateRecord {
    const row = this.store
      .sql(
        'SELECT backfill_done, last_run_id, last_success_at FROM crawl_state WHERE source = ? AND lang = ?',
      )
      .get(source, lang) as
      | { backfill_done: number; last_run_id: number | null; last_success_at: string | null }
      | undefined;
    return {
      source,
      lang,
      backfillDone: row?.backfill_done === 1,
      lastRunId: row?.last_run_id ?? null,
      lastSuccessAt: row?.last_success_at ?? null,
    };
  }

  updateState(
    source: string,
    lang: string,
    fields: { runId: number; succeeded: boolean; backfillDone?: boolean },
  ): void {
    this.store
      .sql(
        `INSERT INTO crawl_state (source, lang, backfill_done, last_run_id, last_success_at)
           VALUES (@source, @lang, @backfill, @run, @success)
           ON CONFLICT (source, lang) DO UPDATE SET
             backfill_done = MAX(crawl_state.backfill_done, excluded.backfill_done),
             last_run_id = excluded.last_run_id,
             last_success_at = COALESCE(excluded.last_success_at, crawl_state.last_success_at)`,
      )
      .run({
        source,
        lang,
        backfill: fields.backfillDone ? 1 : 0,
        run: fields.runId,
        success: fields.succeeded ? now() : null,
      });
  }
}
