/**
 * Which crawl holds a source right now: a lease with an expiry, renewed by
 * the holder's heartbeat. A crawl that dies (SIGKILL, power loss) stops
 * renewing, so its lease runs out and the next crawl takes the source over;
 * whether the process still exists is never asked (a killed child that its
 * parent has not reaped is a zombie that `kill(pid, 0)` calls alive).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type ArchiveDatabase, now } from './db.js';

export interface LeaseHolder {
  pid: number;
  host: string;
  /** Epoch ms when the lease runs out unless renewed. */
  expiresAt: number;
}

export type LeaseResult =
  | { ok: true; token: string; takenOver: boolean }
  | ({ ok: false } & LeaseHolder);

interface LeaseRow {
  pid: number;
  host: string;
  token: string | null;
  expires_at: number | null;
}

export class LeaseStore {
  constructor(
    private readonly store: ArchiveDatabase,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Claims a source for `ttlMs`. A lease held by another crawl and not run out
   * is refused (with its holder); a lease that ran out is taken over
   * (`takenOver`: that crawl's queue locks must then be released).
   */
  acquire(source: string, ttlMs: number, token: string = randomUUID()): LeaseResult {
    return this.store.transaction(() => {
      const row = this.store
        .sql('SELECT pid, host, token, expires_at FROM crawl_leases WHERE source = ?')
        .get(source) as LeaseRow | undefined;
      const at = this.clock();
      if (row && row.token !== token && (row.expires_at ?? 0) > at) {
        return { ok: false as const, pid: row.pid, host: row.host, expiresAt: row.expires_at ?? 0 };
      }
      this.store
        .sql(
          `INSERT INTO crawl_leases (source, pid, host, acquired_at, token, expires_at)
             VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (source) DO UPDATE SET pid = excluded.pid, host = excluded.host,
               acquired_at = excluded.acquired_at, token = excluded.token,
               expires_at = excluded.expires_at`,
        )
        .run(source, process.pid, hostname(), now(), token, at + ttlMs);
      return { ok: true as const, token, takenOver: row !== undefined && row.token !== token };
    });
  }

  /** Extends the lease; false when it is no longer ours (it ran out and was taken over). */
  renew(source: string, token: string, ttlMs: number): boolean {
    return (
      this.store
        .sql('UPDATE crawl_leases SET expires_at = ? WHERE source = ? AND token = ?')
        .run(this.clock() + ttlMs, source, token).changes === 1
    );
  }

  holder(source: string): LeaseHolder | undefined {
    const row = this.store
      .sql('SELECT pid, host, token, expires_at FROM crawl_leases WHERE source = ?')
      .get(source) as LeaseRow | undefined;
    return row ? { pid: row.pid, host: row.host, expiresAt: row.expires_at ?? 0 } : undefined;
  }

  release(source: string, token: string): void {
    this.store.sql('DELETE FROM crawl_leases WHERE source = ? AND token = ?').run(source, token);
  }
}
