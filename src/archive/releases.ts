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

/** Releases the index does not hold in their current version. */
const TO_INDEX = '(indexed_hash IS NULL OR indexed_hash <> content_hash) AND superseded_by IS NULL';

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
   */
  save(release: PressRelease, itemUrl: string): ReleaseChange {
    const previous = this.store
      .sql('SELECT content_hash, json FROM releases WHERE id = ?')
      .get(release.id) as { content_hash: string; json: string } | undefined;
    if (previous?.content_hash === release.contentHash) return 'unchanged';
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
             pub_day = excluded.pub_day, entity_key = excluded.entity_key`,
      )
      .run({
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

  /** Releases the index does not hold in their current version, in id order after `afterId`. */
  toIndex(limit = 1000, afterId = ''): PressRelease[] {
    const rows = this.store
      .sql(`SELECT json FROM releases WHERE ${TO_INDEX} AND id > ? ORDER BY id LIMIT ?`)
      .all(afterId, limit) as { json: string }[];
    return rows.map((r) => pressReleaseSchema.parse(JSON.parse(r.json)));
  }

  /** Every release search should hold (not replaced by a near-duplicate), in id order: what a rebuild reads. */
  current(limit = 1000, afterId = ''): PressRelease[] {
    const rows = this.store
      .sql('SELECT json FROM releases WHERE superseded_by IS NULL AND id > ? ORDER BY id LIMIT ?')
      .all(afterId, limit) as { json: string }[];
    return rows.map((r) => pressReleaseSchema.parse(JSON.parse(r.json)));
  }

  currentCount(): number {
    const row = this.store
      .sql('SELECT COUNT(*) AS n FROM releases WHERE superseded_by IS NULL')
      .get() as { n: number };
    return row.n;
  }

  /**
   * Releases stored, changed, indexed or replaced at or after `since` (ISO
   * time), in id order: what a rebuild that started then may have missed.
   */
  changedSince(
    since: string,
    limit = 1000,
    afterId = '',
  ): { release: PressRelease; superseded: boolean }[] {
    const rows = this.store
      .sql(
        `SELECT json, superseded_by FROM releases
           WHERE (updated_at >= @since OR indexed_at >= @since) AND id > @afterId
           ORDER BY id LIMIT @limit`,
      )
      .all({ since, afterId, limit }) as { json: string; superseded_by: string | null }[];
    return rows.map((r) => ({
      release: pressReleaseSchema.parse(JSON.parse(r.json)),
      superseded: r.superseded_by !== null,
    }));
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
    const rows = this.store
      .sql(
        `SELECT id FROM releases WHERE superseded_by IS NOT NULL AND indexed_hash IS NOT NULL
           ORDER BY id LIMIT ?`,
      )
      .all(limit) as { id: string }[];
    return rows.map((r) => r.id);
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
    const row = (
      source
        ? this.store.sql('SELECT COUNT(*) AS n FROM releases WHERE source = ?').get(source)
        : this.store.sql('SELECT COUNT(*) AS n FROM releases').get()
    ) as { n: number };
    return row.n;
  }

  pendingIndexCount(source?: string): number {
    const row = (
      source
        ? this.store
            .sql(`SELECT COUNT(*) AS n FROM releases WHERE ${TO_INDEX} AND source = ?`)
            .get(source)
        : this.store.sql(`SELECT COUNT(*) AS n FROM releases WHERE ${TO_INDEX}`).get()
    ) as { n: number };
    return row.n;
  }
}
