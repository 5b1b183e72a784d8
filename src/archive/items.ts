/**
 * Items: one row per page, API object or feed item of a source, with the
 * text handed to the normalizer and what the normalizer made of it.
 */
import { type ArchiveDatabase, now } from './db.js';

export type ItemFormat = 'html' | 'json' | 'feed-item';

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
  firstSeenAt: string;
  fetchedAt: string;
}

export type NormalizeResult = { releaseId: string } | { code: string; message: string };

export class ItemStore {
  constructor(private readonly store: ArchiveDatabase) {}

  /** Which of these item URLs the archive already holds (fetched, gone or damaged). */
  known(source: string, urls: readonly string[]): Set<string> {
    const known = new Set<string>();
    const statement = this.store.sql('SELECT 1 FROM items WHERE source = ? AND url = ?');
    for (const url of urls) if (statement.get(source, url)) known.add(url);
    return known;
  }

  get(source: string, url: string): { hash: string | null; state: string } | undefined {
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
             first_seen_at, fetched_at)
           VALUES (@source, @url, @lang, @format, @text, @hash, @response_id, @final_url, 'fetched',
             @fetched_at, @fetched_at)
           ON CONFLICT (source, url) DO UPDATE SET lang = excluded.lang, format = excluded.format,
             text = excluded.text, hash = excluded.hash, response_id = excluded.response_id,
             final_url = excluded.final_url, state = 'fetched', error_code = NULL,
             error_message = NULL, fetched_at = excluded.fetched_at`,
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
      });
    return previous ? 'changed' : 'new';
  }

  /** Records an item that could not be archived as text (gone, damaged, failed). */
  mark(
    source: string,
    url: string,
    fields: {
      lang?: string | undefined;
      format: ItemFormat;
      state: 'gone' | 'damaged' | 'failed';
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
           ON CONFLICT (source, url) DO UPDATE SET state = CASE
               WHEN items.state = 'fetched' AND excluded.state = 'failed' THEN items.state
               ELSE excluded.state END,
             error_code = excluded.error_code, error_message = excluded.error_message,
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

  /** Items whose current text the normalizer has not seen yet. */
  pending(source: string, limit = 500): PendingItem[] {
    const rows = this.store
      .sql(
        `SELECT i.source, i.url, i.lang, i.format, i.text, i.hash, i.final_url, i.first_seen_at,
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
      first_seen_at: string;
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

  /** Notes what the normalizer made of the item's text with this hash. */
  recordNormalized(source: string, url: string, hash: string, outcome: NormalizeResult): void {
    const ok = 'releaseId' in outcome;
    this.store
      .sql(
        `UPDATE items SET normalized_hash = ?, outcome_code = ?, outcome_message = ?, release_id = ?
           WHERE source = ? AND url = ?`,
      )
      .run(
        hash,
        ok ? null : outcome.code,
        ok ? null : outcome.message,
        ok ? outcome.releaseId : null,
        source,
        url,
      );
  }

  /** Makes every item of the source pending again, so the normalizer sees it anew. */
  resetNormalized(source: string): number {
    return this.store.sql('UPDATE items SET normalized_hash = NULL WHERE source = ?').run(source)
      .changes;
  }
}
