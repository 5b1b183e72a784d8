/**
 * The archive: a SQLite file (DATA_DIR/archive.db) holding raw responses,
 * the items found in them, the releases the normalizer made of those items,
 * and the crawl's own state (runs, errors, per source and language, leases,
 * Crawlee's request queues). Every write is synchronous and transactional
 * (better-sqlite3, WAL), so a process killed at any instant leaves it
 * consistent.
 */
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  isNearDuplicate,
  isSameText,
  isTranslation,
  numbersIn,
  simhash,
  type TranslationCandidate,
} from '../../crawler/normalize/similarity.js';
import { type PressRelease, pressReleaseSchema } from '../domain/release.js';
import type { MinisterInfo } from '../entities/index.js';
import { migrate } from './migrations.js';

interface GroupingKeys {
  simhash: string;
  day: string | null;
  entityKey: string;
}

function groupingKeys(release: PressRelease): GroupingKeys {
  return {
    simhash: simhash(`${release.title}\n${release.body}`),
    // The day as the source wrote it: the local calendar day, not UTC.
    day: release.published ? release.published.slice(0, 10) : null,
    entityKey: `${release.countries.join(',')}|${release.ministers.join(',')}`,
  };
}

function translationCandidate(release: PressRelease): TranslationCandidate {
  return {
    source: release.source,
    lang: release.lang,
    day: release.published ? release.published.slice(0, 10) : null,
    countries: release.countries,
    ministers: release.ministers,
    numbers: numbersIn(`${release.title}\n${release.body}`),
  };
}

/** The day itself, then the days around it, nearest first. */
function nearbyDays(day: string, span: number): string[] {
  const base = Date.parse(`${day}T00:00:00Z`);
  const days = [day];
  for (let d = 1; d <= span; d++) {
    for (const sign of [-1, 1])
      days.push(new Date(base + sign * d * 86_400_000).toISOString().slice(0, 10));
  }
  return days;
}

export type ResponseKind = 'robots' | 'listing' | 'feed' | 'api' | 'item';

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

export type ItemChange = 'new' | 'changed' | 'unchanged';

export interface ItemRecord {
  source: string;
  url: string;
  lang?: string | undefined;
  format: 'html' | 'json' | 'feed-item';
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
  format: 'html' | 'json' | 'feed-item';
  /** The item's text, or null when it is the archived body below (decode it with `charset`). */
  text: string | null;
  body: Buffer | null;
  charset: string | null;
  hash: string;
  finalUrl: string | null;
  firstSeenAt: string;
  fetchedAt: string;
}

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

const now = () => new Date().toISOString();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
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

export class Archive {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  /** A prepared statement, prepared once per SQL text. */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  constructor(readonly file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ---- responses -------------------------------------------------------------------------

  /** The archived response for a request, for conditional headers and 304 answers. */
  response(requestKey: string): StoredResponse | undefined {
    const row = this.sql(
      `SELECT id, status, etag, last_modified, hash, body, headers, final_url, fetched_at
         FROM responses WHERE request_key = ?`,
    ).get(requestKey) as
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

  /** Stores the latest response of a request; `changed` is false when the bytes are the same. */
  saveResponse(record: ResponseRecord): { id: number; changed: boolean } {
    const previous = this.sql('SELECT id, hash FROM responses WHERE request_key = ?').get(
      record.requestKey,
    ) as { id: number; hash: string | null } | undefined;
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
      this.sql(
        `UPDATE responses SET source = @source, lang = @lang, kind = @kind, url = @url,
             final_url = @final_url, status = @status, headers = @headers, body = @body, bytes = @bytes,
             charset = @charset, charset_source = @charset_source, damaged = @damaged, hash = @hash,
             etag = @etag, last_modified = @last_modified, fetched_at = @fetched_at,
             changed_at = CASE WHEN @changed THEN @fetched_at ELSE changed_at END
           WHERE id = @id`,
      ).run({ ...values, id: previous.id, changed: changed ? 1 : 0 });
      return { id: previous.id, changed };
    }
    const result = this.sql(
      `INSERT INTO responses (source, lang, request_key, kind, url, final_url, status, headers, body,
           bytes, charset, charset_source, damaged, hash, etag, last_modified, fetched_at, changed_at)
         VALUES (@source, @lang, @request_key, @kind, @url, @final_url, @status, @headers, @body,
           @bytes, @charset, @charset_source, @damaged, @hash, @etag, @last_modified, @fetched_at, @fetched_at)`,
    ).run(values);
    return { id: Number(result.lastInsertRowid), changed: true };
  }

  /** Notes that a request was answered 304: the stored response is still current. */
  touchResponse(requestKey: string, fetchedAt: string): void {
    this.sql('UPDATE responses SET fetched_at = ? WHERE request_key = ?').run(
      fetchedAt,
      requestKey,
    );
  }

  // ---- items ------------------------------------------------------------------------------

  /** Which of these item URLs the archive already holds (fetched, gone or damaged). */
  knownItems(source: string, urls: readonly string[]): Set<string> {
    const known = new Set<string>();
    const statement = this.sql('SELECT 1 FROM items WHERE source = ? AND url = ?');
    for (const url of urls) if (statement.get(source, url)) known.add(url);
    return known;
  }

  item(source: string, url: string): { hash: string | null; state: string } | undefined {
    return this.sql('SELECT hash, state FROM items WHERE source = ? AND url = ?').get(
      source,
      url,
    ) as { hash: string | null; state: string } | undefined;
  }

  /** Adds or updates an item's text; tells whether it is new, changed or the same. */
  upsertItem(record: ItemRecord): ItemChange {
    const previous = this.item(record.source, record.url);
    if (previous && previous.hash === record.hash && previous.state === 'fetched') {
      this.sql('UPDATE items SET fetched_at = ? WHERE source = ? AND url = ?').run(
        record.fetchedAt,
        record.source,
        record.url,
      );
      return 'unchanged';
    }
    this.sql(
      `INSERT INTO items (source, url, lang, format, text, hash, response_id, final_url, state,
           first_seen_at, fetched_at)
         VALUES (@source, @url, @lang, @format, @text, @hash, @response_id, @final_url, 'fetched',
           @fetched_at, @fetched_at)
         ON CONFLICT (source, url) DO UPDATE SET lang = excluded.lang, format = excluded.format,
           text = excluded.text, hash = excluded.hash, response_id = excluded.response_id,
           final_url = excluded.final_url, state = 'fetched', error_code = NULL,
           error_message = NULL, fetched_at = excluded.fetched_at`,
    ).run({
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
  markItem(
    source: string,
    url: string,
    fields: {
      lang?: string | undefined;
      format: 'html' | 'json' | 'feed-item';
      state: 'gone' | 'damaged' | 'failed';
      code: string;
      message: string;
      responseId?: number | undefined;
    },
  ): void {
    const at = now();
    this.sql(
      `INSERT INTO items (source, url, lang, format, state, error_code, error_message, response_id,
           first_seen_at, fetched_at)
         VALUES (@source, @url, @lang, @format, @state, @code, @message, @response_id, @at, @at)
         ON CONFLICT (source, url) DO UPDATE SET state = CASE
             WHEN items.state = 'fetched' AND excluded.state = 'failed' THEN items.state
             ELSE excluded.state END,
           error_code = excluded.error_code, error_message = excluded.error_message,
           response_id = COALESCE(excluded.response_id, items.response_id), fetched_at = @at`,
    ).run({
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
  pendingItems(source: string, limit = 500): PendingItem[] {
    const rows = this.sql(
      `SELECT i.source, i.url, i.lang, i.format, i.text, i.hash, i.final_url, i.first_seen_at,
           i.fetched_at, CASE WHEN i.text IS NULL THEN r.body END AS body, r.charset
         FROM items i LEFT JOIN responses r ON r.id = i.response_id
         WHERE i.source = ? AND i.state = 'fetched'
           AND (i.normalized_hash IS NULL OR i.normalized_hash <> i.hash)
         ORDER BY i.rowid LIMIT ?`,
    ).all(source, limit) as {
      source: string;
      url: string;
      lang: string | null;
      format: PendingItem['format'];
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

  recordNormalized(
    source: string,
    url: string,
    hash: string,
    outcome: { releaseId: string } | { code: string; message: string },
  ): void {
    const ok = 'releaseId' in outcome;
    this.sql(
      `UPDATE items SET normalized_hash = ?, outcome_code = ?, outcome_message = ?, release_id = ?
         WHERE source = ? AND url = ?`,
    ).run(
      hash,
      ok ? null : outcome.code,
      ok ? null : outcome.message,
      ok ? outcome.releaseId : null,
      source,
      url,
    );
  }

  itemCounts(source: string): Record<string, number> {
    const rows = this.sql(
      'SELECT state, COUNT(*) AS n FROM items WHERE source = ? GROUP BY state',
    ).all(source) as { state: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }

  // ---- releases ---------------------------------------------------------------------------

  /**
   * Stores a release; tells whether it is new, changed (content hash) or the
   * same. A new release that is a near-duplicate of one already stored
   * (same source and language, a few days apart, close SimHash and 80% of
   * word pairs shared) takes its place: the earlier one is marked superseded and leaves the index.
   * A release without cross-language links from its source joins the
   * translation group of a matching release in another language (same
   * source, same day, same entities, mostly the same numbers).
   */
  saveRelease(release: PressRelease, itemUrl: string): 'new' | 'updated' | 'unchanged' {
    const previous = this.sql('SELECT content_hash, json FROM releases WHERE id = ?').get(
      release.id,
    ) as { content_hash: string; json: string } | undefined;
    if (previous?.content_hash === release.contentHash) return 'unchanged';
    const grouping = groupingKeys(release);
    let stored = release;
    if (previous) {
      // A group found earlier from other releases is kept across re-normalization.
      const earlier = (JSON.parse(previous.json) as PressRelease).translationGroup;
      if (release.translationGroup === release.id && earlier !== release.id) {
        stored = { ...release, translationGroup: earlier };
      }
    } else {
      const replaced = this.findNearDuplicate(release, grouping);
      if (replaced) {
        this.sql('UPDATE releases SET superseded_by = ? WHERE id = ?').run(release.id, replaced.id);
        stored = { ...release, translationGroup: replaced.translationGroup };
      } else if (release.translationGroup === release.id) {
        const translation = this.findTranslation(release, grouping);
        if (translation) stored = { ...release, translationGroup: translation.translationGroup };
      }
    }
    const at = now();
    this.sql(
      `INSERT INTO releases (id, source, lang, url, item_url, content_hash, json, created_at, updated_at,
           simhash, pub_day, entity_key)
         VALUES (@id, @source, @lang, @url, @item_url, @content_hash, @json, @at, @at,
           @simhash, @pub_day, @entity_key)
         ON CONFLICT (id) DO UPDATE SET source = excluded.source, lang = excluded.lang,
           url = excluded.url, item_url = excluded.item_url, content_hash = excluded.content_hash,
           json = excluded.json, updated_at = excluded.updated_at, simhash = excluded.simhash,
           pub_day = excluded.pub_day, entity_key = excluded.entity_key`,
    ).run({
      id: stored.id,
      source: stored.source,
      lang: stored.lang,
      url: stored.url,
      item_url: itemUrl,
      content_hash: stored.contentHash,
      json: JSON.stringify(stored),
      at,
      simhash: grouping.simhash,
      pub_day: grouping.day,
      entity_key: grouping.entityKey,
    });
    return previous ? 'updated' : 'new';
  }

  private findNearDuplicate(release: PressRelease, keys: GroupingKeys): PressRelease | undefined {
    const text = `${release.title}\n${release.body}`;
    // `pub_day IS ?` matches NULL too: undated releases are compared with undated ones.
    const candidates = this.sql(
      `SELECT id, simhash FROM releases WHERE source = ? AND lang = ? AND pub_day IS ?
         AND superseded_by IS NULL AND simhash IS NOT NULL`,
    );
    for (const day of keys.day ? nearbyDays(keys.day, 3) : [null]) {
      const rows = candidates.all(release.source, release.lang, day) as {
        id: string;
        simhash: string;
      }[];
      // Only releases with a close SimHash are read in full and compared word by word.
      for (const row of rows) {
        if (!isNearDuplicate(row.simhash, keys.simhash)) continue;
        const other = this.storedRelease(row.id);
        const otherText = `${other.title}\n${other.body}`;
        if (isSameText({ text, hash: keys.simhash }, { text: otherText, hash: row.simhash })) {
          return other;
        }
      }
    }
    return undefined;
  }

  private storedRelease(id: string): PressRelease {
    const row = this.sql('SELECT json FROM releases WHERE id = ?').get(id) as { json: string };
    return JSON.parse(row.json) as PressRelease;
  }

  private findTranslation(release: PressRelease, keys: GroupingKeys): PressRelease | undefined {
    if (!keys.day) return undefined;
    const rows = this.sql(
      `SELECT json FROM releases WHERE source = ? AND pub_day = ? AND lang <> ? AND entity_key = ?
         AND superseded_by IS NULL ORDER BY created_at`,
    ).all(release.source, keys.day, release.lang, keys.entityKey) as { json: string }[];
    const candidate = translationCandidate(release);
    for (const row of rows) {
      const other = JSON.parse(row.json) as PressRelease;
      if (isTranslation(candidate, translationCandidate(other))) return other;
    }
    return undefined;
  }

  /** Keeps ministers found in texts but missing from the gazetteer (their names label facets). */
  saveDiscoveredMinisters(ministers: readonly MinisterInfo[]): void {
    const statement = this.sql(
      'INSERT OR IGNORE INTO discovered_ministers (id, json, first_seen_at) VALUES (?, ?, ?)',
    );
    const at = now();
    for (const m of ministers) if (m.discovered) statement.run(m.id, JSON.stringify(m), at);
  }

  discoveredMinisters(): MinisterInfo[] {
    const rows = this.sql('SELECT json FROM discovered_ministers ORDER BY id').all() as {
      json: string;
    }[];
    return rows.map((r) => JSON.parse(r.json) as MinisterInfo);
  }

  /** Releases replaced by a near-duplicate that the index still holds. */
  supersededInIndex(limit = 1000): string[] {
    const rows = this.sql(
      `SELECT id FROM releases WHERE superseded_by IS NOT NULL AND indexed_hash IS NOT NULL
         ORDER BY id LIMIT ?`,
    ).all(limit) as { id: string }[];
    return rows.map((r) => r.id);
  }

  markRemovedFromIndex(ids: readonly string[]): void {
    const statement = this.sql(
      'UPDATE releases SET indexed_hash = NULL, indexed_at = ? WHERE id = ?',
    );
    const at = now();
    this.transaction(() => {
      for (const id of ids) statement.run(at, id);
    });
  }

  /** Makes every item of the source pending again, so the normalizer sees it anew. */
  resetNormalized(source: string): number {
    return this.sql('UPDATE items SET normalized_hash = NULL WHERE source = ?').run(source).changes;
  }

  /** Releases the index does not hold in their current version, oldest change first. */
  releasesToIndex(limit = 1000, afterId = ''): PressRelease[] {
    const rows = this.sql(
      `SELECT json FROM releases
         WHERE (indexed_hash IS NULL OR indexed_hash <> content_hash) AND superseded_by IS NULL
           AND id > ?
         ORDER BY id LIMIT ?`,
    ).all(afterId, limit) as { json: string }[];
    return rows.map((r) => pressReleaseSchema.parse(JSON.parse(r.json)));
  }

  markIndexed(releases: readonly { id: string; contentHash: string }[]): void {
    const at = now();
    const statement = this.sql(
      `UPDATE releases SET indexed_hash = ?, indexed_at = ?, index_error = NULL WHERE id = ?`,
    );
    this.transaction(() => {
      for (const r of releases) statement.run(r.contentHash, at, r.id);
    });
  }

  markIndexFailed(ids: readonly string[], message: string): void {
    const statement = this.sql(
      'UPDATE releases SET index_attempts = index_attempts + 1, index_error = ? WHERE id = ?',
    );
    this.transaction(() => {
      for (const id of ids) statement.run(message, id);
    });
  }

  releaseCount(source?: string): number {
    const row = (
      source
        ? this.sql('SELECT COUNT(*) AS n FROM releases WHERE source = ?').get(source)
        : this.sql('SELECT COUNT(*) AS n FROM releases').get()
    ) as { n: number };
    return row.n;
  }

  pendingIndexCount(source?: string): number {
    const where =
      '(indexed_hash IS NULL OR indexed_hash <> content_hash) AND superseded_by IS NULL';
    const row = (
      source
        ? this.sql(`SELECT COUNT(*) AS n FROM releases WHERE ${where} AND source = ?`).get(source)
        : this.sql(`SELECT COUNT(*) AS n FROM releases WHERE ${where}`).get()
    ) as { n: number };
    return row.n;
  }

  // ---- runs, pages, errors, state ---------------------------------------------------------

  unfinishedRun(source: string): RunRecord | undefined {
    const row = this.sql(
      `SELECT * FROM crawl_runs WHERE source = ? AND status = 'running' ORDER BY id DESC`,
    ).get(source) as RunRow | undefined;
    return row ? toRun(row) : undefined;
  }

  startRun(source: string, langs: string[], options: Record<string, unknown>): RunRecord {
    const result = this.sql(
      `INSERT INTO crawl_runs (source, langs, options, started_at, status) VALUES (?, ?, ?, ?, 'running')`,
    ).run(source, JSON.stringify(langs), JSON.stringify(options), now());
    return this.run(Number(result.lastInsertRowid)) as RunRecord;
  }

  markResumed(id: number): void {
    this.sql('UPDATE crawl_runs SET resumed_at = ? WHERE id = ?').run(now(), id);
  }

  run(id: number): RunRecord | undefined {
    const row = this.sql('SELECT * FROM crawl_runs WHERE id = ?').get(id) as RunRow | undefined;
    return row ? toRun(row) : undefined;
  }

  lastRun(source: string): RunRecord | undefined {
    const row = this.sql('SELECT * FROM crawl_runs WHERE source = ? ORDER BY id DESC LIMIT 1').get(
      source,
    ) as RunRow | undefined;
    return row ? toRun(row) : undefined;
  }

  saveRunStats(id: number, stats: Record<string, unknown>): void {
    this.sql('UPDATE crawl_runs SET stats = ? WHERE id = ?').run(JSON.stringify(stats), id);
  }

  finishRun(
    id: number,
    status: Exclude<RunStatus, 'running'>,
    stats: Record<string, unknown>,
    error?: string,
  ): void {
    this.sql(
      'UPDATE crawl_runs SET status = ?, finished_at = ?, stats = ?, error = ? WHERE id = ?',
    ).run(status, now(), JSON.stringify(stats), error ?? null, id);
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
    const same = this.sql(
      'SELECT page FROM crawl_pages WHERE run_id = ? AND lang = ? AND signature = ? AND page <> ? ORDER BY page LIMIT 1',
    ).get(runId, lang, signature, page) as { page: number } | undefined;
    this.sql(
      `INSERT INTO crawl_pages (run_id, lang, page, signature, items, new_items) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (run_id, lang, page) DO UPDATE SET signature = excluded.signature,
           items = excluded.items, new_items = excluded.new_items`,
    ).run(runId, lang, page, signature, items, newItems);
    return same?.page;
  }

  recordError(error: ErrorRecord): void {
    this.sql(
      'INSERT INTO crawl_errors (run_id, source, lang, url, code, message, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(
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
      this.sql(
        'SELECT run_id, source, lang, url, code, message, at FROM crawl_errors WHERE run_id = ? ORDER BY id',
      ).all(runId) as {
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
    const row = this.sql(
      'SELECT backfill_done, last_run_id, last_success_at FROM crawl_state WHERE source = ? AND lang = ?',
    ).get(source, lang) as
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
    this.sql(
      `INSERT INTO crawl_state (source, lang, backfill_done, last_run_id, last_success_at)
         VALUES (@source, @lang, @backfill, @run, @success)
         ON CONFLICT (source, lang) DO UPDATE SET
           backfill_done = MAX(crawl_state.backfill_done, excluded.backfill_done),
           last_run_id = excluded.last_run_id,
           last_success_at = COALESCE(excluded.last_success_at, crawl_state.last_success_at)`,
    ).run({
      source,
      lang,
      backfill: fields.backfillDone ? 1 : 0,
      run: fields.runId,
      success: fields.succeeded ? now() : null,
    });
  }

  // ---- leases -----------------------------------------------------------------------------

  /**
   * Claims a source for this process. A row left by a process that no longer
   * runs (killed) is taken over; `taken_over` says so, because that process's
   * queue locks must then be released.
   */
  acquireLease(
    source: string,
    pid = process.pid,
  ): { ok: true; takenOver: boolean } | { ok: false; pid: number; host: string } {
    const host = hostname();
    return this.transaction(() => {
      const row = this.sql('SELECT pid, host FROM crawl_leases WHERE source = ?').get(source) as
        | { pid: number; host: string }
        | undefined;
      if (row && row.pid !== pid && row.host === host && isAlive(row.pid)) {
        return { ok: false as const, pid: row.pid, host: row.host };
      }
      this.sql(
        `INSERT INTO crawl_leases (source, pid, host, acquired_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (source) DO UPDATE SET pid = excluded.pid, host = excluded.host,
             acquired_at = excluded.acquired_at`,
      ).run(source, pid, host, now());
      return { ok: true as const, takenOver: row !== undefined && row.pid !== pid };
    });
  }

  releaseLease(source: string, pid = process.pid): void {
    this.sql('DELETE FROM crawl_leases WHERE source = ? AND pid = ?').run(source, pid);
  }
}

export function archivePath(dataDir: string): string {
  return path.join(dataDir, 'archive.db');
}

export function openArchive(dataDir: string): Archive {
  return new Archive(archivePath(dataDir));
}
