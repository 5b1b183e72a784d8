/**
 * Versioned schema of the archive. Each step runs once, in order, inside a
 * transaction, and is recorded in `schema_migrations`. Steps are never edited
 * once shipped: a change is a new step.
 */
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'archive: responses, items, releases, crawl state',
    sql: `
      -- One row per request (URL, or method + URL + body for POSTs): the latest response.
      CREATE TABLE responses (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        lang TEXT,
        request_key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,            -- robots | listing | feed | api | item
        url TEXT NOT NULL,
        final_url TEXT,
        status INTEGER NOT NULL,
        headers TEXT NOT NULL,         -- JSON: the headers worth keeping (content-type, etag, …)
        body BLOB,
        bytes INTEGER NOT NULL,
        charset TEXT,
        charset_source TEXT,           -- header | meta | bom | detected | default
        damaged INTEGER NOT NULL DEFAULT 0,
        hash TEXT,                     -- SHA-256 of the body bytes
        etag TEXT,
        last_modified TEXT,
        fetched_at TEXT NOT NULL,
        changed_at TEXT NOT NULL       -- last time the hash changed
      );
      CREATE INDEX responses_source ON responses (source, kind);

      -- One row per item of a source: a page, one JSON object of an API answer, one feed item.
      CREATE TABLE items (
        source TEXT NOT NULL,
        url TEXT NOT NULL,             -- the public page URL the item stands for
        lang TEXT,
        format TEXT NOT NULL,          -- html | json | feed-item
        text TEXT,                     -- decoded text handed to the normalizer
        hash TEXT,
        response_id INTEGER REFERENCES responses (id),
        final_url TEXT,
        state TEXT NOT NULL,           -- fetched | gone | damaged | failed
        error_code TEXT,
        error_message TEXT,
        first_seen_at TEXT NOT NULL,
        fetched_at TEXT,
        normalized_hash TEXT,          -- hash the last normalization saw; differs from hash = pending
        outcome_code TEXT,             -- null = release produced, else the normalizer's error code
        outcome_message TEXT,
        release_id TEXT,
        PRIMARY KEY (source, url)
      );
      CREATE INDEX items_pending ON items (source, state, normalized_hash);

      -- Releases as the normalizer produced them, and whether the index has them.
      CREATE TABLE releases (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        lang TEXT NOT NULL,
        url TEXT NOT NULL,
        item_url TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        indexed_hash TEXT,             -- content hash the index holds; differs = to index
        indexed_at TEXT,
        index_attempts INTEGER NOT NULL DEFAULT 0,
        index_error TEXT
      );
      CREATE INDEX releases_to_index ON releases (indexed_hash, content_hash);
      CREATE INDEX releases_source ON releases (source);

      -- A run of the crawler over one source (some or all of its languages).
      CREATE TABLE crawl_runs (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        langs TEXT NOT NULL,           -- JSON array
        options TEXT NOT NULL,         -- JSON: since, maxPages
        started_at TEXT NOT NULL,
        resumed_at TEXT,
        finished_at TEXT,
        status TEXT NOT NULL,          -- running | completed | failed | postponed
        stats TEXT NOT NULL DEFAULT '{}',
        error TEXT
      );
      CREATE INDEX crawl_runs_source ON crawl_runs (source, id);

      -- Listing pages seen in a run: to tell a listing that repeats itself.
      CREATE TABLE crawl_pages (
        run_id INTEGER NOT NULL REFERENCES crawl_runs (id) ON DELETE CASCADE,
        lang TEXT NOT NULL,
        page INTEGER NOT NULL,
        signature TEXT NOT NULL,
        items INTEGER NOT NULL,
        new_items INTEGER NOT NULL,
        PRIMARY KEY (run_id, lang, page)
      );

      -- Errors of a run, each with its stable code.
      CREATE TABLE crawl_errors (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES crawl_runs (id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        lang TEXT,
        url TEXT,
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX crawl_errors_run ON crawl_errors (run_id);

      -- Per source and language: where the crawl stands.
      CREATE TABLE crawl_state (
        source TEXT NOT NULL,
        lang TEXT NOT NULL,
        backfill_done INTEGER NOT NULL DEFAULT 0,
        last_run_id INTEGER,
        last_success_at TEXT,
        newest_item_at TEXT,
        PRIMARY KEY (source, lang)
      );

      -- Which process crawls a source right now (a killed one leaves its row; a live pid keeps it).
      CREATE TABLE crawl_leases (
        source TEXT PRIMARY KEY,
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        acquired_at TEXT NOT NULL
      );

      -- Crawlee's request queues (see crawler/crawl/queue-storage.ts).
      CREATE TABLE crawl_queues (
        id TEXT PRIMARY KEY,
        name TEXT UNIQUE,
        created_at TEXT NOT NULL,
        modified_at TEXT NOT NULL,
        accessed_at TEXT NOT NULL
      );
      CREATE TABLE crawl_queue_requests (
        queue_id TEXT NOT NULL REFERENCES crawl_queues (id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        unique_key TEXT NOT NULL,
        order_no INTEGER,              -- null once handled; negative = forefront
        locked_until INTEGER,          -- epoch ms; null = not locked
        json TEXT NOT NULL,
        PRIMARY KEY (queue_id, id)
      );
      CREATE INDEX crawl_queue_head ON crawl_queue_requests (queue_id, order_no)
        WHERE order_no IS NOT NULL;
    `,
  },
  {
    version: 2,
    name: 'releases: near-duplicate and translation grouping',
    sql: `
      -- SimHash of the body: a release republished under another URL is found by it.
      ALTER TABLE releases ADD COLUMN simhash TEXT;
      -- The publication day as written (YYYY-MM-DD) and the sorted entities:
      -- translations share both.
      ALTER TABLE releases ADD COLUMN pub_day TEXT;
      ALTER TABLE releases ADD COLUMN entity_key TEXT;
      -- Set when a near-duplicate under another URL replaced this release.
      ALTER TABLE releases ADD COLUMN superseded_by TEXT;
      CREATE INDEX releases_day ON releases (source, pub_day);
    `,
  },
  {
    version: 3,
    name: 'ministers discovered in texts',
    sql: `
      -- Ministers the gazetteer lacks, found in releases ("министр иностранных дел
      -- Венгрии Петер Сийярто"): kept so facet labels survive a restart.
      CREATE TABLE discovered_ministers (
        id TEXT PRIMARY KEY,
        json TEXT NOT NULL,
        first_seen_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'releases: refused by the index',
    sql: `
      -- Meilisearch refused this content hash of the release (a bad document, not an
      -- outage): not sent again until the content changes. Code and reason say why.
      ALTER TABLE releases ADD COLUMN refused_hash TEXT;
      ALTER TABLE releases ADD COLUMN refused_code TEXT;
      ALTER TABLE releases ADD COLUMN refused_reason TEXT;
      ALTER TABLE releases ADD COLUMN refused_at TEXT;
    `,
  },
  {
    version: 5,
    name: 'items tried again across runs; withdrawn releases',
    sql: `
      -- Runs in a row whose fetch of the item failed, and when it is tried next (exponential
      -- back-off). state: failed = waiting for next_attempt_at, gave_up = tried too often,
      -- refused = a final answer (too large, redirect loop, robots.txt), withdrawn = the page
      -- of a release now answers 404/410.
      ALTER TABLE items ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE items ADD COLUMN next_attempt_at TEXT;
      CREATE INDEX items_retry ON items (source, state, next_attempt_at);
      -- Items that failed before retries existed are tried again at the next run.
      UPDATE items SET attempts = 1, next_attempt_at = fetched_at WHERE state = 'failed';
      -- A release whose page answers 404/410 or became a "not found" page: kept, out of search.
      ALTER TABLE releases ADD COLUMN withdrawn_at TEXT;
      ALTER TABLE releases ADD COLUMN withdrawn_code TEXT;
    `,
  },
  {
    version: 6,
    name: 'crawl leases expire unless renewed',
    sql: `
      -- Who holds the lease (a random token per crawl) and until when (epoch ms); the holder
      -- renews it on a heartbeat. A row without expiry (older code) counts as expired.
      ALTER TABLE crawl_leases ADD COLUMN token TEXT;
      ALTER TABLE crawl_leases ADD COLUMN expires_at INTEGER;
    `,
  },
  {
    version: 7,
    name: 'run counts saved with each archived item',
    sql: `
      -- A run's counts (pages, items new/changed/unchanged, retried, …), each added in the same
      -- transaction as the archive write it counts, so a killed run never undercounts.
      CREATE TABLE crawl_run_counts (
        run_id INTEGER NOT NULL REFERENCES crawl_runs (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (run_id, name)
      );
    `,
  },
  {
    version: 8,
    name: 'source checks',
    sql: `
      -- What \`npm run sources -- check\` found: from a replica or live, passed or not, when.
      -- A passing live check is what marks an unverified source as verified.
      CREATE TABLE source_checks (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        checked_at TEXT NOT NULL,
        live INTEGER NOT NULL,
        passed INTEGER NOT NULL,
        items INTEGER NOT NULL,
        summary TEXT NOT NULL           -- the reasons, or "passed"
      );
      CREATE INDEX source_checks_source ON source_checks (source, checked_at);
    `,
  },
  {
    version: 9,
    name: 'whether an item was first seen when it was published',
    sql: `
      -- 0: first_seen_at is only when the item was imported (a file, a saved site without
      -- fetch times), so a date written without a year is not given one from it.
      ALTER TABLE items ADD COLUMN seen_at_known INTEGER NOT NULL DEFAULT 1;
      UPDATE items SET seen_at_known = 0 WHERE format IN ('record', 'text');
    `,
  },
];

export class MigrationError extends Error {
  readonly code = 'ARCHIVE_MIGRATION_FAILED';
}

/** Brings the database up to the newest version; returns the versions applied. */
export function migrate(db: Database.Database, migrations = MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const current =
    (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null })
      .v ?? 0;
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new MigrationError(
      `The archive is at schema version ${current}, newer than this code knows (${newest}). Update the code, or use another DATA_DIR.`,
    );
  }
  const applied: number[] = [];
  for (const step of migrations) {
    if (step.version <= current) continue;
    const run = db.transaction(() => {
      db.exec(step.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        step.version,
        step.name,
        new Date().toISOString(),
      );
    });
    try {
      run();
    } catch (error) {
      throw new MigrationError(
        `Archive migration ${step.version} (${step.name}) failed: ${(error as Error).message}`,
        { cause: error },
      );
    }
    applied.push(step.version);
  }
  return applied;
}
