/**
 * Figures about the archive for metrics and the admin status, read straight
 * from its tables in a few aggregate queries (cheap enough for every scrape).
 */
import type { Archive } from '../archive/archive.js';

/** What the archive says, read at each scrape. */
export interface ArchiveFigures {
  releases: number;
  /** Releases whose current version the index does not hold yet (and may get). */
  pending: number;
  /** Pending releases whose last indexing attempt failed (retried at the next sync). */
  indexFailed: number;
  /** Releases Meilisearch refused in their current version (kept until they change). */
  refused: number;
  /** Seconds since the oldest pending release changed; 0 when nothing is pending. */
  indexLagSeconds: number;
  /** Totals over every crawl run in the archive, per source. */
  crawl: {
    source: string;
    pages: number;
    releasesNew: number;
    releasesUpdated: number;
    errors: Record<string, number>;
  }[];
}

/** A release the index does not hold in its current version. */
const NOT_INDEXED =
  '(indexed_hash IS NULL OR indexed_hash <> content_hash) AND superseded_by IS NULL';

export function archiveFigures(archive: Archive, now = Date.now()): ArchiveFigures {
  const { db } = archive;
  // Archives that record refusals (refused_hash) keep refused releases out of "pending".
  const knowsRefusals = (
    db.prepare('PRAGMA table_info(releases)').all() as { name: string }[]
  ).some((c) => c.name === 'refused_hash');
  const refused = knowsRefusals ? `${NOT_INDEXED} AND refused_hash = content_hash` : '0';
  const pending = knowsRefusals
    ? `${NOT_INDEXED} AND (refused_hash IS NULL OR refused_hash <> content_hash)`
    : NOT_INDEXED;
  const totals = db
    .prepare(
      `SELECT COUNT(*) AS releases,
              COALESCE(SUM(CASE WHEN ${pending} THEN 1 ELSE 0 END), 0) AS pending,
              COALESCE(SUM(CASE WHEN ${pending} AND index_error IS NOT NULL THEN 1 ELSE 0 END), 0) AS failed,
              COALESCE(SUM(CASE WHEN ${refused} THEN 1 ELSE 0 END), 0) AS refused,
              MIN(CASE WHEN ${pending} THEN updated_at END) AS oldest
         FROM releases`,
    )
    .get() as {
    releases: number;
    pending: number;
    failed: number;
    refused: number;
    oldest: string | null;
  };
  const runs = db
    .prepare(
      `SELECT source,
              COALESCE(SUM(json_extract(stats, '$.pages')), 0) AS pages,
              COALESCE(SUM(json_extract(stats, '$.releasesNew')), 0) AS releasesNew,
              COALESCE(SUM(json_extract(stats, '$.releasesUpdated')), 0) AS releasesUpdated
         FROM crawl_runs GROUP BY source ORDER BY source`,
    )
    .all() as { source: string; pages: number; releasesNew: number; releasesUpdated: number }[];
  const errors = db
    .prepare('SELECT source, code, COUNT(*) AS n FROM crawl_errors GROUP BY source, code')
    .all() as { source: string; code: string; n: number }[];
  const crawl = runs.map((run) => ({ ...run, errors: {} as Record<string, number> }));
  for (const e of errors) {
    let entry = crawl.find((c) => c.source === e.source);
    if (!entry) {
      entry = { source: e.source, pages: 0, releasesNew: 0, releasesUpdated: 0, errors: {} };
      crawl.push(entry);
    }
    entry.errors[e.code] = e.n;
  }
  const oldest = totals.oldest ? Date.parse(totals.oldest) : Number.NaN;
  return {
    releases: totals.releases,
    pending: totals.pending,
    indexFailed: totals.failed,
    refused: totals.refused,
    indexLagSeconds: Number.isNaN(oldest) ? 0 : Math.max(0, (now - oldest) / 1000),
    crawl,
  };
}
