/** GET /api/sources when the service does not crawl (tests, CRAWL_INTERVAL=off without a scheduler). */
import { noHealth } from '../../crawler/crawl/health.js';
import { SOURCES, sourceIdentity } from '../../crawler/sources/index.js';
import type { SourcesResponse } from '../domain/source-status.js';

export function staticSourcesStatus(): SourcesResponse {
  return {
    crawlInterval: 'off',
    sources: SOURCES.map((s) => ({
      ...sourceIdentity(s),
      health: noHealth(s),
      crawling: false,
      lastRun: null,
      releases: 0,
      pendingIndex: 0,
      items: { failed: 0, nextAttemptAt: null, gaveUp: 0, refused: 0 },
      withdrawn: 0,
      refused: 0,
      nextRun: null,
    })),
    index: { pending: 0, refused: 0 },
  };
}
