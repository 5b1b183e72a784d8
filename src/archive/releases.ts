/**
 * Releases as the normalizer produced them, and whether the index holds
 * them. Which stored release a new one replaces, and which translation group
 * it joins, is decided by the grouping policy; this store only answers its
 * questions and keeps the outcome.
 */
import { type GroupingCandidates, placeRelease } from '../../crawler/normalize/grouping.js';
import { type PressRelease, pressReleaseSchema } from '../domain/release.js';
import { type ArchiveDatabase, now } from './db.js';

export type ReleaseChange = 'new' | 'updated' | 'unchanged';

/** Releases that belong in search: neither replaced by a near-duplicate nor withdrawn. */
const SEARCHABLE = 'superseded_by IS NULL AND withdrawn_at IS NULL';
/** …whose current version the index refused: not sent again until the content changes. */
const REFUSED_NOW = 'refused_hash = content_hash';
/** Searchable releases the index does not hold in their current version. */
const NOT_INDEXED = `(indexed_hash IS NULL OR indexed_hash <> content_hash) AND ${SEARCHABLE}`;
/** …of which the index refused this very version. */
const REFUSED = `${NOT_INDEXED} AND ${REFUSED_NOW}`;
/** …and those still to send. */
const TO_INDEX = `${NOT_INDEXED} AND (refused_hash IS NULL OR NOT ${REFUSED_NOW})`;
/** What a rebuild puts into a fresh index: every searchable release but the refused versions. */
const REBUILT = `${SEARCHABLE} AND (refused_hash IS NULL OR NOT ${REFUSED_NOW})`;

interface ReleaseRow {
  id: string;
  content_hash: string;
  json: string;
}

export interface Refusal {
  id: string;
  /** The content hash refused: a changed release is tried again. */
  contentHash: string;
  code: string;
  reason: string;
}

export interface RefusedRelease extends Refusal {
  source: string;
  url: string;
  at: string;
}

export class ReleaseStore {
  private readonly candidates: GroupingCandidates;

  constructor(private readonly store: ArchiveDatabase) {
    this.candidates = {
      // `pub_day IS ?` matches NULL too: undated releases are compared with undated ones.
      sameDay: (source, lang, day) =>
        this.store
          .sql(
            `SELECT id, simhash FROM releases WHERE source = ? AND lang = ? AND pub_day IS ?
               AND superseded_by IS NULL AND simhash IS NOT NULL`,
          )
          .all(source, lang, day) as { id: string; simhash: string }[],
      release: (id) => {
        const row = this.store.sql('SELECT json FROM releases WHERE id = ?').get(id) as {
          json: string;
        };
        return JSON.parse(row.json) as PressRelease;
      },
      translations: (source, day, lang, entityKey) =>
        (
          this.store
            .sql(
              `SELECT json FROM releases WHERE source = ? AND pub_day = ? AND lang <> ?
                 AND entity_key = ? AND superseded_by IS NULL ORDER BY created_at`,
            )
            .all(source, day, lang, entityKey) as { json: string }[]
        ).map((row) => JSON.parse(row.json) as PressRelease),
    };
  }

  /**
   * Stores a release; tells whether it is new, changed (content hash) or the
   * same. A release it replaces is marked superseded and leaves the index.
   * A withdrawn release stays withdrawn unless this one was fetched after the
   * withdrawal (the page came back): an older response never resurrects it.
   */
  save(release: PressRelease, itemUrl: string): ReleaseChange {
    const previous = this.store
      .sql('SELECT content_hash, json, withdrawn_at FROM releases WHERE id = ?')
      .get(release.id) as
      | { content_hash: string; json: string; withdrawn_at: string | null }
      | undefined;
    const comesBack = previous?.withdrawn_at != null && release.fetchedAt > previous.withdrawn_at;
    if (previous?.content_hash === release.contentHash) {
      if (!comesBack) return 'unchanged';
      this.store
        .sql(
          'UPDATE releases SET withdrawn_at = NULL, withdrawn_code = NULL, updated_at = ? WHERE id = ?',
        )
        .run(now(), release.id);
      return 'updated';
    }
    const placement = placeRelease(
      release,
      previous ? (JSON.parse(previous.json) as PressRelease) : undefined,
      this.candidates,
    );
    if (placement.supersedes) {
      this.store
        .sql('UPDATE releases SET superseded_by = ? WHERE id = ?')
        .run(release.id, placement.supersedes);
    }
    const stored = placement.release;
    const at = now();
    this.store
      .sql(
        `INSERT INTO releases (id, source, lang, url, item_url, content_hash, json, created_at, updated_at,
             simhash, pub_day, entity_key)
           VALUES (@id, @source, @lang, @url, @item_url, @content_hash, @json, @at, @at,
             @simhash, @pub_day, @entity_key)
           ON CONFLICT (id) DO UPDATE SET source = excluded.source, lang = excluded.lang,
             url = excluded.url, item_url = excluded.item_url, content_hash = excluded.content_hash,
             json = excluded.json, updated_at = excluded.updated_at, simhash = excluded.simhash,
             pub_day = excluded.pub_day, entity_key = excluded.entity_key,
             withdrawn_at = CASE WHEN @comes_back THEN NULL ELSE releases.withdrawn_at END,
             withdrawn_code = CASE WHEN @comes_back THEN NULL ELSE releases.withdrawn_code END`,
      )
      .run({
        comes_back: comesBack ? 1 : 0,
        id: stored.id,
        source: stored.source,
        lang: stored.lang,
        url: stored.url,
        item_url: itemUrl,
        content_hash: stored.contentHash,
        json: JSON.stringify(stored),
        at,
        simhash: placement.keys.simhash,
        pub_day: placement.keys.day,
        entity_key: placement.keys.entityKey,
      });
    return previous ? 'updated' : 'new';
  }

  /**
   * Releases the index does not hold in their current version, in id order
   * after `afterId`. A stored release that no longer fits the contract is
   * refused here (INVALID_RELEASE) instead of failing its neighbours.
   */
  toIndex(limit = 1000, afterId = ''): PressRelease[] {
    return this.validWhere(TO_INDEX, limit, afterId);
  }

  /** The valid stored releases meeting `condition`, in id order after `afterId`. */
  private validWhere(condition: string, limit: number, afterId: string): PressRelease[] {
    return this.readValid(
      this.store
        .sql(
          `SELECT id, content_hash, json FROM releases WHERE ${condition} AND id > ? ORDER BY id LIMIT ?`,
        )
        .all(afterId, limit) as ReleaseRow[],
    );
  }

  /**
   * The stored releases of these rows that fit the contract; one that no
   * longer does is refused here (INVALID_RELEASE) instead of failing its neighbours.
   */
  private readValid(rows: readonly ReleaseRow[]): PressRelease[] {
    const releases: PressRelease[] = [];
    for (const row of rows) {
      let value: unknown;
      try {
        value = JSON.parse(row.json);
      } catch (error) {
        value = (error as Error).message;
      }
      const parsed = pressReleaseSchema.safeParse(value);
      if (parsed.success) releases.push(parsed.data);
      else {
        const issue = parsed.error.issues[0];
        this.markRefused([
          {
            id: row.id,
            contentHash: row.content_hash,
            code: 'INVALID_RELEASE',
            reason: `the stored release does not fit the contract: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
          },
        ]);
      }
    }
    return releases;
  }

  /** Keeps the index's refusal of these versions; they wait until their content changes. */
  markRefused(refusals: readonly Refusal[]): void {
    const statement = this.store.sql(
      `UPDATE releases SET refused_hash = ?, refused_code = ?, refused_reason = ?, refused_at = ?,
         index_error = NULL WHERE id = ?`,
    );
    const at = now();
    this.store.transaction(() => {
      for (const r of refusals) statement.run(r.contentHash, r.code, r.reason, at, r.id);
    });
  }

  /** Releases whose current version the index refused, newest refusal first. */
  refused(limit = 100, source?: string): RefusedRelease[] {
    const rows = (
      source
        ? this.store
            .sql(
              `SELECT id, source, url, content_hash, refused_code, refused_reason, refused_at FROM releases
                 WHERE ${REFUSED} AND source = ? ORDER BY refused_at DESC, id LIMIT ?`,
            )
            .all(source, limit)
        : this.store
            .sql(
              `SELECT id, source, url, content_hash, refused_code, refused_reason, refused_at FROM releases
                 WHERE ${REFUSED} ORDER BY refused_at DESC, id LIMIT ?`,
            )
            .all(limit)
    ) as {
      id: string;
      source: string;
      url: string;
      content_hash: string;
      refused_code: string;
      refused_reason: string;
      refused_at: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      source: r.source,
      url: r.url,
      contentHash: r.content_hash,
      code: r.refused_code,
      reason: r.refused_reason,
      at: r.refused_at,
    }));
  }

  refusedCount(source?: string): number {
    return this.countWhere(REFUSED, source);
  }

  /**
   * What a rebuild reads, in id order: every release search should hold
   * (neither replaced nor withdrawn), less the versions the index refused.
   */
  current(limit = 1000, afterId = ''): PressRelease[] {
    return this.validWhere(REBUILT, limit, afterId);
  }

  currentCount(): number {
    return this.countWhere(REBUILT);
  }

  /**
   * Releases stored, changed, indexed, replaced or withdrawn at or after
   * `since` (ISO time), in id order: what a rebuild that started then may
   * have missed. `gone`: it must leave the index (replaced or withdrawn).
   */
  changedSince(
    since: string,
    limit = 1000,
    afterId = '',
  ): { id: string; release: PressRelease | undefined; gone: boolean }[] {
    const rows = this.store
      .sql(
        `SELECT id, content_hash, json, (${SEARCHABLE}) AS searchable,
             (refused_hash IS NOT NULL AND ${REFUSED_NOW}) AS refused FROM releases
           WHERE (updated_at >= @since OR indexed_at >= @since OR withdrawn_at >= @since)
             AND id > @afterId
           ORDER BY id LIMIT @limit`,
      )
      .all({ since, afterId, limit }) as (ReleaseRow & { searchable: number; refused: number })[];
    return rows.map((row) => {
      if (!row.searchable) return { id: row.id, release: undefined, gone: true };
      // A refused version stays out; an invalid one is refused by readValid.
      const [release] = row.refused ? [] : this.readValid([row]);
      return { id: row.id, release, gone: release === undefined };
    });
  }

  markIndexed(releases: readonly { id: string; contentHash: string }[]): void {
    const at = now();
    const statement = this.store.sql(
      'UPDATE releases SET indexed_hash = ?, indexed_at = ?, index_error = NULL WHERE id = ?',
    );
    this.store.transaction(() => {
      for (const r of releases) statement.run(r.contentHash, at, r.id);
    });
  }

  markIndexFailed(ids: readonly string[], message: string): void {
    const statement = this.store.sql(
      'UPDATE releases SET index_attempts = index_attempts + 1, index_error = ? WHERE id = ?',
    );
    this.store.transaction(() => {
      for (const id of ids) statement.run(message, id);
    });
  }

  /** Releases replaced by a near-duplicate that the index still holds. */
  supersededInIndex(limit = 1000): string[] {
    return this.stillIndexed('superseded_by IS NOT NULL', limit);
  }

  /** Withdrawn releases (their page answers 404/410 or "not found") that the index still holds. */
  withdrawnInIndex(limit = 1000): string[] {
    return this.stillIndexed('withdrawn_at IS NOT NULL', limit);
  }

  /** Releases out of search by `condition` that the index still holds. */
  private stillIndexed(condition: string, limit: number): string[] {
    const rows = this.store
      .sql(
        `SELECT id FROM releases WHERE ${condition} AND indexed_hash IS NOT NULL ORDER BY id LIMIT ?`,
      )
      .all(limit) as { id: string }[];
    return rows.map((r) => r.id);
  }

  withdrawnCount(source?: string): number {
    return this.countWhere('withdrawn_at IS NOT NULL', source);
  }

  markRemovedFromIndex(ids: readonly string[]): void {
    const statement = this.store.sql(
      'UPDATE releases SET indexed_hash = NULL, indexed_at = ? WHERE id = ?',
    );
    const at = now();
    this.store.transaction(() => {
      for (const id of ids) statement.run(at, id);
    });
  }

  count(source?: string): number {
    return this.countWhere('1', source);
  }

  /** Publication times of the source's newest releases in search (for its usual rhythm). */
  recentPublished(source: string, limit = 50): string[] {
    const rows = this.store
      .sql(
        `SELECT json_extract(json, '$.published') AS published FROM releases
           WHERE source = ? AND superseded_by IS NULL AND withdrawn_at IS NULL
             AND json_extract(json, '$.publishedTs') IS NOT NULL
           ORDER BY json_extract(json, '$.publishedTs') DESC LIMIT ?`,
      )
      .all(source, limit) as { published: string }[];
    return rows.map((r) => r.published);
  }

  /** Releases waiting to be sent to the index (not those it refused). */
  pendingIndexCount(source?: string): number {
    return this.countWhere(TO_INDEX, source);
  }

  private countWhere(condition: string, source?: string): number {
    const row = (
      source
        ? this.store
            .sql(`SELECT COUNT(*) AS n FROM releases WHERE ${condition} AND source = ?`)
            .get(source)
        : this.store.sql(`SELECT COUNT(*) AS n FROM releases WHERE ${condition}`).get()
    ) as { n: number };
    return row.n;
  }
}
