/** Raw responses: the latest answer to each request, bytes and headers as they came. */
import type { ArchiveDatabase } from './db.js';

export type ResponseKind = 'robots' | 'listing' | 'feed' | 'sitemap' | 'api' | 'item';

export interface ResponseRecord {
  source: string;
  lang?: string | undefined;
  requestKey: string;
  kind: ResponseKind;
  url: string;
  finalUrl?: string | undefined;
  status: number;
  headers: Record<string, string>;
  body?: Buffer | undefined;
  charset?: string | undefined;
  charsetSource?: string | undefined;
  damaged?: boolean;
  hash?: string | undefined;
  fetchedAt: string;
}

export interface StoredResponse {
  id: number;
  status: number;
  etag: string | null;
  lastModified: string | null;
  hash: string | null;
  body: Buffer | null;
  headers: Record<string, string>;
  finalUrl: string | null;
  fetchedAt: string;
}

export class ResponseStore {
  constructor(private readonly store: ArchiveDatabase) {}

  /** The archived response for a request, for conditional headers and 304 answers. */
  get(requestKey: string): StoredResponse | undefined {
    const row = this.store
      .sql(
        `SELECT id, status, etag, last_modified, hash, body, headers, final_url, fetched_at
           FROM responses WHERE request_key = ?`,
      )
      .get(requestKey) as
      | {
          id: number;
          status: number;
          etag: string | null;
          last_modified: string | null;
          hash: string | null;
          body: Buffer | null;
          headers: string;
          final_url: string | null;
          fetched_at: string;
        }
      | undefined;
    if (!row) return undefined;
    return {
      id: row.id,
      status: row.status,
      etag: row.etag,
      lastModified: row.last_modified,
      hash: row.hash,
      body: row.body,
      headers: JSON.parse(row.headers) as Record<string, string>,
      finalUrl: row.final_url,
      fetchedAt: row.fetched_at,
    };
  }

  /** What a conditional request needs of the archived response (no body read). */
  validators(
    requestKey: string,
  ):
    | { status: number; etag: string | null; lastModified: string | null; hasBody: boolean }
    | undefined {
    const row = this.store
      .sql(
        'SELECT status, etag, last_modified, body IS NOT NULL AS has_body FROM responses WHERE request_key = ?',
      )
      .get(requestKey) as
      | { status: number; etag: string | null; last_modified: string | null; has_body: number }
      | undefined;
    return row
      ? {
          status: row.status,
          etag: row.etag,
          lastModified: row.last_modified,
          hasBody: row.has_body === 1,
        }
      : undefined;
  }

  /** Stores the latest response of a request; `changed` is false when the bytes are the same. */
  save(record: ResponseRecord): { id: number; changed: boolean } {
    const previous = this.store
      .sql('SELECT id, hash FROM responses WHERE request_key = ?')
      .get(record.requestKey) as { id: number; hash: string | null } | undefined;
    const changed = !previous || previous.hash !== (record.hash ?? null);
    const values = {
      source: record.source,
      lang: record.lang ?? null,
      request_key: record.requestKey,
      kind: record.kind,
      url: record.url,
      final_url: record.finalUrl ?? null,
      status: record.status,
      headers: JSON.stringify(record.headers),
      body: record.body ?? null,
      bytes: record.body?.length ?? 0,
      charset: record.charset ?? null,
      charset_source: record.charsetSource ?? null,
      damaged: record.damaged ? 1 : 0,
      hash: record.hash ?? null,
      etag: record.headers.etag ?? null,
      last_modified: record.headers['last-modified'] ?? null,
      fetched_at: record.fetchedAt,
    };
    if (previous) {
      this.store
        .sql(
          `UPDATE responses SET source = @source, lang = @lang, kind = @kind, url = @url,
               final_url = @final_url, status = @status, headers = @headers, body = @body, bytes = @bytes,
               charset = @charset, charset_source = @charset_source, damaged = @damaged, hash = @hash,
               etag = @etag, last_modified = @last_modified, fetched_at = @fetched_at,
               changed_at = CASE WHEN @changed THEN @fetched_at ELSE changed_at END
             WHERE id = @id`,
        )
        .run({ ...values, id: previous.id, changed: changed ? 1 : 0 });
      return { id: previous.id, changed };
    }
    const result = this.store
      .sql(
        `INSERT INTO responses (source, lang, request_key, kind, url, final_url, status, headers, body,
             bytes, charset, charset_source, damaged, hash, etag, last_modified, fetched_at, changed_at)
           VALUES (@source, @lang, @request_key, @kind, @url, @final_url, @status, @headers, @body,
             @bytes, @charset, @charset_source, @damaged, @hash, @etag, @last_modified, @fetched_at, @fetched_at)`,
      )
      .run(values);
    return { id: Number(result.lastInsertRowid), changed: true };
  }

  /** Notes that a request was answered 304: the stored response is still current. */
  touch(requestKey: string, fetchedAt: string): void {
    this.store
      .sql('UPDATE responses SET fetched_at = ? WHERE request_key = ?')
      .run(fetchedAt, requestKey);
  }
}
