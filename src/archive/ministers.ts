/** Ministers found in texts but missing from the gazetteer: their names label facets. */
import type { MinisterInfo } from '../entities/index.js';
import { type ArchiveDatabase, now } from './db.js';

export class DiscoveredMinisterStore {
  constructor(private readonly store: ArchiveDatabase) {}

  /** Keeps the discovered ones among these ministers (the first sighting wins). */
  save(ministers: readonly MinisterInfo[]): void {
    const statement = this.store.sql(
      'INSERT OR IGNORE INTO discovered_ministers (id, json, first_seen_at) VALUES (?, ?, ?)',
    );
    const at = now();
    for (const m of ministers) if (m.discovered) statement.run(m.id, JSON.stringify(m), at);
  }

  all(): MinisterInfo[] {
    const rows = this.store.sql('SELECT json FROM discovered_ministers ORDER BY id').all() as {
      json: string;
    }[];
    return rows.map((r) => JSON.parse(r.json) as MinisterInfo);
  }
}
