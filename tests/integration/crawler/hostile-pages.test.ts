/**
 * Bad pages of the hostile site in one crawl, each with its code and no
 * release, while the good items around them are archived: 404 and 410
 * (ITEM_GONE), soft 404s in en, ru, kk, zh and China MFA's real error page
 * (SOFT_404), a page of navigation only (EMPTY_CONTENT), a 12 MB page over
 * the default 10 MB limit (TOO_LARGE), a page that never answers (TIMEOUT).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrawlReport } from '../../../crawler/crawl/run.js';
import { DEFAULT_CRAWL } from '../../../crawler/crawl/settings.js';
import { CrawlHarness } from '../../helpers/crawl.js';
import {
  type Behaviour,
  HOSTILE_SOURCE,
  type HostileSite,
  startHostileSite,
} from '../../replicas/hostile.js';

const BAD: Record<number, Behaviour> = {
  1: { kind: 'status', status: 404 },
  2: { kind: 'status', status: 410 },
  3: { kind: 'soft-404', template: 'fmprc' },
  4: { kind: 'soft-404', template: 'en' },
  5: { kind: 'soft-404', template: 'ru' },
  6: { kind: 'soft-404', template: 'kk' },
  7: { kind: 'soft-404', template: 'zh' },
  8: { kind: 'nav-only' },
  9: { kind: 'huge' },
  10: { kind: 'hang' },
};
const GOOD = [11, 12, 13, 14, 15, 16];

let site: HostileSite;
let harness: CrawlHarness;
let report: CrawlReport;

const releaseOf = (id: number) =>
  harness.count('SELECT COUNT(*) AS n FROM releases WHERE item_url = ?', site.itemUrl(id));

beforeAll(async () => {
  site = await startHostileSite({ pages: 2, perPage: 8 });
  harness = await CrawlHarness.create();
  for (const [id, behaviour] of Object.entries(BAD)) site.behave(Number(id), behaviour);
  report = await harness.crawl({
    sources: [HOSTILE_SOURCE],
    overrides: site.overrides,
    defaults: {
      delayMs: 0,
      concurrency: 3,
      maxRetries: 0,
      readTimeoutMs: 1500,
      maxBytes: DEFAULT_CRAWL.maxBytes,
    },
  });
}, 60_000);

afterAll(async () => {
  await site.close();
  await harness.close();
});

describe('bad pages of the hostile site', () => {
  it('are each counted under their code', () => {
    const result = report.sources[0]!;
    expect(result.status).toBe('completed');
    expect(result.counts.errors).toMatchObject({
      ITEM_GONE: 2,
      SOFT_404: 5,
      EMPTY_CONTENT: 1,
      TOO_LARGE: 1,
      TIMEOUT: 1,
    });
  });

  it('make no release, while every good item does', () => {
    for (const id of Object.keys(BAD).map(Number)) expect(releaseOf(id), `item ${id}`).toBe(0);
    for (const id of GOOD) expect(releaseOf(id), `item ${id}`).toBe(1);
  });

  it('name the URL and the reason in the log', () => {
    const soft = harness.log.filter((l) => l.code === 'SOFT_404').map((l) => l.url);
    expect(soft.sort()).toEqual([3, 4, 5, 6, 7].map((id) => site.itemUrl(id)).sort());
    const large = harness.log.find((l) => l.code === 'TOO_LARGE');
    expect(large?.url).toBe(site.itemUrl(9));
    expect(large?.msg).toMatch(/10485760/);
  });
});
