/** Results of `npm run sources -- check`: a passing live check verifies a source. */
import { type ArchiveDatabase, now } from './db.js';

export interface SourceCheck {
  source: string;
  checkedAt: string;
  live: boolean;
  passed: boolean;
  items: number;
  summary: string;
}

interface CheckRow {
  source: string;
  checked_at: string;
  live: number;
  passed: number;
  items: number;
  summary: string;
}

const toCheck = (row: CheckRow): SourceCheck => ({
  source: row.source,
  checkedAt: row.checked_at,
  live: row.live === 1,
  passed: row.passed === 1,
  items: row.items,
  summary: row.summary,
});

export class SourceCheckStore {
  constructor(private readonly store: ArchiveDatabase) {}

  record(check: Omit<SourceCheck, 'checkedAt'> & { checkedAt?: string }): void {
    this.store
      .sql(
        'INSERT INTO source_checks (source, checked_at, live, passed, items, summary) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        check.source,
        check.checkedAt ?? now(),
        check.live ? 1 : 0,
        check.passed ? 1 : 0,
        check.items,
        check.summary,
      );
  }

  /** The source's latest check, from a replica or live. */
  latest(source: string): SourceCheck | undefined {
    const row = this.store
      .sql('SELECT * FROM source_checks WHERE source = ? ORDER BY checked_at DESC, id DESC LIMIT 1')
      .get(source) as CheckRow | undefined;
    return row ? toCheck(row) : undefined;
  }

  /** When a live check of the source last passed. */
  lastVerified(source: string): string | null {
    const row = this.store
      .sql(
        'SELECT MAX(checked_at) AS at FROM source_checks WHERE source = ? AND live = 1 AND passed = 1',
      )
      .get(source) as { at: string | null };
    return row.at;
  }
}
