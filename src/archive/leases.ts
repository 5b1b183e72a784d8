/** Which process crawls a source right now. */
import { hostname } from 'node:os';
import { type ArchiveDatabase, now } from './db.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type LeaseResult =
  | { ok: true; takenOver: boolean }
  | { ok: false; pid: number; host: string };

export class LeaseStore {
  constructor(private readonly store: ArchiveDatabase) {}

  /**
   * Claims a source for this process. A row left by a process that no longer
   * runs (killed) is taken over; `taken_over` says so, because that process's
   * queue locks must then be released.
   */
  acquire(source: string, pid = process.pid): LeaseResult {
    const host = hostname();
    return this.store.transaction(() => {
      const row = this.store
        .sql('SELECT pid, host FROM crawl_leases WHERE source = ?')
        .get(source) as { pid: number; host: string } | undefined;
      if (row && row.pid !== pid && row.host === host && isAlive(row.pid)) {
        return { ok: false as const, pid: row.pid, host: row.host };
      }
      this.store
        .sql(
          `INSERT INTO crawl_leases (source, pid, host, acquired_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (source) DO UPDATE SET pid = excluded.pid, host = excluded.host,
               acquired_at = excluded.acquired_at`,
        )
        .run(source, pid, host, now());
      return { ok: true as const, takenOver: row !== undefined && row.pid !== pid };
    });
  }

  release(source: string, pid = process.pid): void {
    this.store.sql('DELETE FROM crawl_leases WHERE source = ? AND pid = ?').run(source, pid);
  }
}
