/**
 * Items: one row per page, API object or feed item of a source, with the
 * text handed to the normalizer and what the normalizer made of it.
 */
import { type ArchiveDatabase, now } from './db.js';

/** As in the normalizer's RawItem: crawled pages and API/feed items, imported records and texts. */
export type ItemFormat = 'html' | 'json' | 'feed-item' | 'text' | 'record' | 'pdf';

export type ItemChange = 'new' | 'changed' | 'unchanged';

export interface ItemRecord {
  source: string;
  url: string;
  lang?: string | undefined;
  format: ItemFormat;
  /** The item's text; null when it is the whole body of `responseId` (pages), kept once. */
  text: string | null;
  hash: string;
  responseId?: number | undefined;
  finalUrl?: string | undefined;
  fetchedAt: string;
  /**
   * false: `fetchedAt` is only when the item was imported (a file, a saved
   * site without fetch times); it says nothing of when the text was
   * published, so a date without a year is not given one from it.
   */
  seenAtKnown?: boolean;
}

export interface PendingItem {
  source: string;
  url: string;
  lang: string | null;
  format: ItemFormat;
  /** The item's text, or null when it is the archived body below (decode it with `charset`). */
  text: string | null;
  body: Buffer | null;
  charset: string | null;
  hash: string;
  finalUrl: string | null;
  /** When the item was first seen; null when that is only when it was imported. */
  firstSeenAt: string | null;
  fetchedAt: string;
}

export type NormalizeResult = { releaseId: string } | { code: string; message: string };

/** What a failed fetch leaves an item as (see crawler/crawl/retry-policy.ts). */
export type FailedState = 'failed' | 'gave_up' | 'refused';

export interface FailureRecord {
  lang?: string | undefined;
  format: ItemFormat;
  state: FailedState;
  code: string;
  message: string;
  /** Runs in a row whose fetch failed, this one included. */
  attempts: number;
  /** When a `failed` item is tried again (ISO 8601). */
  nextAttemptAt?: string | undefined;
}

export interface ItemStates {
  fetched: number;
  /** Failed, waiting for their next attempt. */
  failed: number;
  gaveUp: number;
  refused: number;
  gone: number;
  withdrawn: number;
  /** The earliest next attempt of a failed item. */
  nextAttemptAt: string | null;
}

/** Outcomes of the normalizer that say the page of a release is no longer there. */
const WITHDRAWING = new Set(['SOFT_404']);

export class ItemStore {
  constructor(private readonly store: ArchiveDatabase) {}

  /** Which of these item URLs the archive already holds (in any state: a failed one is retried on its own schedule). */
  known(source: string, urls: readonly string[]): Set<string> {
    const known = new Set<string>();
    const statement = this.store.sql('SELECT 1 FROM items WHERE source = ? AND url = ?');
    for (const url of urls) if (statement.get(source, url)) known.add(url);
    return known;
  }

  get(source: string, url: string): { hash: string | null; state: string } | undefined {
    // (state: fetched | gone | damaged | failed | gave_up | refused | withdrawn)
    return this.store
      .sql('SELECT hash, state FROM items WHERE source = ? AND url = ?')
      .get(source, url) as { hash: string | null; state: string } | undefined;
  }

  /** Adds or updates an item's text; tells whether it is new, changed or the same. */
  upsert(record: ItemRecord): ItemChange {
    const previous = this.get(record.source, record.url);
    if (previous && previous.hash === record.hash && previous.state === 'fetched') {
      this.store
        .sql('UPDATE items SET fetched_at = ? WHERE source = ? AND url = ?')
        .run(record.fetchedAt, record.source, record.url);
      return 'unchanged';
    }
    this.store
      .sql(
        `INSERT INTO items (source, url, lang, format, text, hash, response_id, final_url, state,
             first_seen_at, fetched_at, seen_at_known)
           VALUES (@source, @url, @lang, @format, @text, @hash, @response_id, @final_url, 'fetched',
             @fetched_at, @fetched_at, @seen_at_known)
           ON CONFLICT (source, url) DO UPDATE SET lang = excluded.lang, format = excluded.format,
             seen_at_known = MIN(items.seen_at_known, excluded.seen_at_known),
             text = excluded.text, hash = excluded.hash, response_id = excluded.response_id,
             final_url = excluded.final_url, state = 'fetched', error_code = NULL,
             error_message = NULL, attempts = 0, next_attempt_at = NULL,
             -- A page back after a withdrawal is normalized again, even with the same bytes.
             normalized_hash = CASE WHEN items.state = 'fetched' THEN items.normalized_hash END,
             fetched_at = excluded.fetched_at`,
      )
      .run({
        source: record.source,
        url: record.url,
        lang: record.lang ?? null,
        format: record.format,
        text: record.text,
        hash: record.hash,
        response_id: record.responseId ?? null,
        final_url: record.finalUrl ?? null,
        fetched_at: record.fetchedAt,
        seen_at_known: record.seenAtKnown === false ? 0 : 1,
      });
    // An item that failed before it was ever fetched is new when it finally arrives.
    return previous && previous.hash !== null ? 'changed' : 'new';
  }

  /** Records an item that could not be archived as text (gone, damaged). */
  mark(
    source: string,
    url: string,
    fields: {
      lang?: string | undefined;
      format: ItemFormat;
      state: 'gone' | 'damaged';
      code: string;
      message: string;
      responseId?: number | undefined;
    },
  ): void {
    const at = now();
    this.store
      .sql(
        `INSERT INTO items (source, url, lang, format, state, error_code, error_message, response_id,
             first_seen_at, fetched_at)
           VALUES (@source, @url, @lang, @format, @state, @code, @message, @response_id, @at, @at)
           ON CONFLICT (source, url) DO UPDATE SET state = excluded.state,
             error_code = excluded.error_code, error_message = excluded.error_message,
             attempts = 0, next_attempt_at = NULL,
             response_id = COALESCE(excluded.response_id, items.response_id), fetched_at = @at`,
      )
      .run({
        source,
        url,
        lang: fields.lang ?? null,
        format: fields.format,
        state: fields.state,
        code: fields.code,
        message: fields.message,
        response_id: fields.responseId ?? null,
        at,
      });
  }

  /** Runs in a row whose fetch of the item failed (0 for an item never tried or fetched). */
  attempts(source: string, url: string): number {
    const row = this.store
      .sql('SELECT attempts FROM items WHERE source = ? AND url = ?')
      .get(source, url) as { attempts: number } | undefined;
    return row?.attempts ?? 0;
  }

  /**
   * Records a fetch that failed. An item archived before (a re-check that
   * failed) keeps its text and stays fetched; any other becomes `failed`
   * (tried again at `nextAttemptAt`), `gave_up` or `refused`.
   */
  fail(source: string, url: string, failure: FailureRecord): void {
    const at = now();
    this.store
      .sql(
        `INSERT INTO items (source, url, lang, format, state, error_code, error_message, attempts,
             next_attempt_at, first_seen_at, fetched_at)
           VALUES (@source, @url, @lang, @format, @state, @code, @message, @attempts,
             @next_attempt_at, @at, @at)
           ON CONFLICT (source, url) DO UPDATE SET
             state = CASE WHEN items.state = 'fetched' THEN items.state ELSE excluded.state END,
             attempts = CASE WHEN items.state = 'fetched' THEN 0 ELSE excluded.attempts END,
             next_attempt_at = CASE WHEN items.state = 'fetched' THEN NULL
               ELSE excluded.next_attempt_at END,
             error_code = excluded.error_code, error_message = excluded.error_message,
             fetched_at = @at`,
      )
      .run({
        source,
        url,
        lang: failure.lang ?? null,
        format: failure.format,
        state: failure.state,
        code: failure.code,
        message: failure.message,
        attempts: failure.attempts,
        next_attempt_at: failure.nextAttemptAt ?? null,
        at,
      });
  }

  /** Failed items whose next attempt is due, soonest first. */
  due(source: string, at: string, limit = 1000): { url: string; lang: string | null }[] {
    return this.store
      .sql(
        `SELECT url, lang FROM items WHERE source = ? AND state = 'failed'
           AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
           ORDER BY next_attempt_at, rowid LIMIT ?`,
      )
      .all(source, at, limit) as { url: string; lang: string | null }[];
  }

  /**
   * Of these URLs, the items archived with text (or withdrawn: the page may
   * have come back) whose last fetch is older than `before`: due a re-check.
   */
  stale(source: string, urls: readonly string[], before: string): Set<string> {
    const stale = new Set<string>();
    const statement = this.store.sql(
      `SELECT 1 FROM items WHERE source = ? AND url = ? AND state IN ('fetched', 'withdrawn')
         AND fetched_at < ?`,
    );
    for (const url of urls) if (statement.get(source, url, before)) stale.add(url);
    return stale;
  }

  /**
   * A re-check answered 304: the archived text is still current. A withdrawn
   * item whose page answers again is archived text once more, and is
   * normalized again (its release comes back).
   */
  touch(source: string, url: string, fetchedAt: string): void {
    this.store
      .sql(
        `UPDATE items SET fetched_at = ?,
           normalized_hash = CASE WHEN state = 'withdrawn' THEN NULL ELSE normalized_hash END,
           error_code = CASE WHEN state = 'withdrawn' THEN NULL ELSE error_code END,
           error_message = CASE WHEN state = 'withdrawn' THEN NULL ELSE error_message END,
           state = CASE WHEN state = 'withdrawn' THEN 'fetched' ELSE state END
         WHERE source = ? AND url = ?`,
      )
      .run(fetchedAt, source, url);
  }

  /** The last fetch of a withdrawn page that still answers 404/410: it stays withdrawn. */
  seen(source: string, url: string, fetchedAt: string): void {
    this.store
      .sql('UPDATE items SET fetched_at = ? WHERE source = ? AND url = ?')
      .run(fetchedAt, source, url);
  }

  /**
   * The page of an archived item answers 404/410: the item is withdrawn, and
   * so is the release made of it (kept in the archive with the time, taken
   * out of search). The archived text stays as it was. Returns the release's
   * id, or undefined when the item had none (it is then simply gone).
   */
  withdraw(
    source: string,
    url: string,
    reason: { code: string; message: string },
  ): string | undefined {
    const at = now();
    return this.store.transaction(() => {
      const row = this.store
        .sql("SELECT release_id FROM items WHERE source = ? AND url = ? AND state = 'fetched'")
        .get(source, url) as { release_id: string | null } | undefined;
      if (!row?.release_id) return undefined;
      this.store
        .sql(
          `UPDATE items SET state = 'withdrawn', error_code = ?, error_message = ?, fetched_at = ?
             WHERE source = ? AND url = ?`,
        )
        .run(reason.code, reason.message, at, source, url);
      this.withdrawRelease(row.release_id, reason.code, at);
      return row.release_id;
    });
  }

  private withdrawRelease(releaseId: string, code: string, at: string): void {
    this.store
      .sql(
        'UPDATE releases SET withdrawn_at = ?, withdrawn_code = ? WHERE id = ? AND withdrawn_at IS NULL',
      )
      .run(at, code, releaseId);
  }

  /** How many items of a source are in each state, and when the next failed one is due. */
  states(source: string): ItemStates {
    const rows = this.store
      .sql(
        'SELECT state, COUNT(*) AS n, MIN(next_attempt_at) AS next FROM items WHERE source = ? GROUP BY state',
      )
      .all(source) as { state: string; n: number; next: string | null }[];
    const n = (state: string) => rows.find((r) => r.state === state)?.n ?? 0;
    return {
      fetched: n('fetched'),
      failed: n('failed'),
      gaveUp: n('gave_up'),
      refused: n('refused'),
      gone: n('gone'),
      withdrawn: n('withdrawn'),
      nextAttemptAt: rows.find((r) => r.state === 'failed')?.next ?? null,
    };
  }

  /** Items whose current text the normalizer has not seen yet. */
  pending(source: string, limit = 500): PendingItem[] {
    const rows = this.store
      .sql(
        `SELECT i.source, i.url, i.lang, i.format, i.text, i.hash, i.final_url,
             CASE WHEN i.seen_at_known = 1 THEN i.first_seen_at END AS first_seen_at,
             i.fetched_at, CASE WHEN i.text IS NULL THEN r.body END AS body, r.charset
           FROM items i LEFT JOIN responses r ON r.id = i.response_id
           WHERE i.source = ? AND i.state = 'fetched'
             AND (i.normalized_hash IS NULL OR i.normalized_hash <> i.hash)
           ORDER BY i.rowid LIMIT ?`,
      )
      .all(source, limit) as {
      source: string;
      url: string;
      lang: string | null;
      format: ItemFormat;
      text: string | null;
      hash: string;
      final_url: string | null;
      first_seen_at: string | null;
      fetched_at: string;
      body: Buffer | null;
      charset: string | null;
    }[];
    return rows.map((r) => ({
      source: r.source,
      url: r.url,
      lang: r.lang,
      format: r.format,
      text: r.text,
      body: r.body,
      charset: r.charset,
      hash: r.hash,
      finalUrl: r.final_url,
      firstSeenAt: r.first_seen_at,
      fetchedAt: r.fetched_at,
    }));
  }

  /**
   * Notes what the normalizer made of the item's text with this hash. A page
   * that made a release and now is a "not found" template withdraws it (the
   * item keeps pointing at the withdrawn release).
   */
  recordNormalized(source: string, url: string, hash: string, outcome: NormalizeResult): void {
    const ok = 'releaseId' in outcome;
    const withdrawing = !ok && WITHDRAWING.has(outcome.code);
    this.store.transaction(() => {
      if (withdrawing) {
        const row = this.store
          .sql('SELECT release_id FROM items WHERE source = ? AND url = ?')
          .get(source, url) as { release_id: string | null } | undefined;
        if (row?.release_id) this.withdrawRelease(row.release_id, outcome.code, now());
      }
      this.store
        .sql(
          `UPDATE items SET normalized_hash = ?, outcome_code = ?, outcome_message = ?,
             release_id = CASE WHEN ? THEN release_id ELSE ? END
             WHERE source = ? AND url = ?`,
        )
        .run(
          hash,
          ok ? null : outcome.code,
          ok ? null : outcome.message,
          withdrawing ? 1 : 0,
          ok ? outcome.releaseId : null,
          source,
          url,
        );
    });
  }

  /** Why the item's current text made no release, when it made none. */
  outcome(source: string, url: string): { code: string; message: string } | undefined {
    const row = this.store
      .sql(
        `SELECT outcome_code, outcome_message FROM items WHERE source = ? AND url = ?
           AND normalized_hash = hash AND outcome_code IS NOT NULL`,
      )
      .get(source, url) as { outcome_code: string; outcome_message: string | null } | undefined;
    return row ? { code: row.outcome_code, message: row.outcome_message ?? '' } : undefined;
  }

  /** Every source the archive holds items of, crawled or imported. */
  sources(): string[] {
    const rows = this.store.sql('SELECT DISTINCT source FROM items ORDER BY source').all() as {
      source: string;
    }[];
    return rows.map((r) => r.source);
  }

  /** Makes every item of the source pending again, so the normalizer sees it anew. */
  resetNormalized(source: string): number {
    return this.store.sql('UPDATE items SET normalized_hash = NULL WHERE source = ?').run(source)
      .changes;
  }
}
