/**
 * The archive: one SQLite file (DATA_DIR/archive.db) and a store per concern
 * over it — raw responses, the items found in them, the releases the
 * normalizer made of those items, the crawl's runs and leases, and ministers
 * discovered in texts, the checks of source files (Crawlee's request queues live there too, see
 * crawler/crawl/queue-storage.ts). A transaction may span stores.
 */
import path from 'node:path';
import type Database from 'better-sqlite3';
import { SourceCheckStore } from './checks.js';
import { ArchiveDatabase } from './db.js';
import { ItemStore } from './items.js';
import { LeaseStore } from './leases.js';
import { DiscoveredMinisterStore } from './ministers.js';
import { ReleaseStore } from './releases.js';
import { ResponseStore } from './responses.js';
import { RunStore } from './runs.js';

export class Archive {
  private readonly database: ArchiveDatabase;
  readonly responses: ResponseStore;
  readonly items: ItemStore;
  readonly releases: ReleaseStore;
  readonly runs: RunStore;
  readonly leases: LeaseStore;
  readonly ministers: DiscoveredMinisterStore;
  readonly checks: SourceCheckStore;

  constructor(readonly file: string) {
    this.database = new ArchiveDatabase(file);
    this.responses = new ResponseStore(this.database);
    this.items = new ItemStore(this.database);
    this.releases = new ReleaseStore(this.database);
    this.runs = new RunStore(this.database);
    this.leases = new LeaseStore(this.database);
    this.ministers = new DiscoveredMinisterStore(this.database);
    this.checks = new SourceCheckStore(this.database);
  }

  /** The better-sqlite3 handle, for the request queue and for tests that read tables. */
  get db(): Database.Database {
    return this.database.db;
  }

  transaction<T>(fn: () => T): T {
    return this.database.transaction(fn);
  }

  close(): void {
    this.database.close();
  }
}

export function archivePath(dataDir: string): string {
  return path.join(dataDir, 'archive.db');
}

export function openArchive(dataDir: string): Archive {
  return new Archive(archivePath(dataDir));
}
