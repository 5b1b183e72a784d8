/**
 * The four new sources crawled from replicas of their real saved pages
 * (../shared/sites), each through its own source file, and every item they
 * hold checked against what its page says (tests/replicas/expectations.ts,
 * written by reading the pages).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrawlReport } from '../../../crawler/crawl/run.js';
import type { SourceDefinition } from '../../../crawler/sources/schema.js';
import { CrawlHarness } from '../../helpers/crawl.js';
import {
  BELARUS,
  differences,
  GOV_UK_LINKED_FROM_PAGE_2,
  type ItemExpectation,
  MALAYSIA,
  type ReleaseFields,
} from '../../replicas/expectations.js';
import type { Replica } from '../../replicas/server.js';
import { startSiteReplica } from '../../replicas/site.js';

/** The replica's own start URLs when the copy lacks the live ones (GOV.UK's page 1). */
const fromReplica = (source: SourceDefinition): SourceDefinition => ({
  ...source,
  startUrls: source.replica?.startUrls ?? source.startUrls,
});

function releasesOf(harness: CrawlHarness, source: string) {
  const rows = harness.archive.db
    .prepare('SELECT item_url, json, superseded_by FROM releases WHERE source = ?')
    .all(source) as { item_url: string; json: string; superseded_by: string | null }[];
  return new Map(
    rows.map((r) => [
      r.item_url,
      { release: JSON.parse(r.json) as ReleaseFields, superseded: r.superseded_by !== null },
    ]),
  );
}

function expectItems(harness: CrawlHarness, source: string, expected: ItemExpectation[]) {
  const releases = releasesOf(harness, source);
  for (const item of expected) {
    const found = releases.get(item.url);
    expect(found, `a release for ${item.url}`).toBeDefined();
    expect(differences(found!.release, item), item.url).toEqual([]);
  }
}

interface Crawled {
  replica: Replica;
  harness: CrawlHarness;
  report: CrawlReport;
}

/** The describe block's crawl: its saved site served as a replica, crawled once into its own archive. */
function crawledFrom(host: string, source: string): Crawled {
  const crawled = {} as Crawled;
  beforeAll(async () => {
    crawled.replica = await startSiteReplica(host);
    crawled.harness = await CrawlHarness.create();
    crawled.report = await crawled.harness.crawl({
      sources: [source],
      replicas: { [source]: crawled.replica.baseUrl },
      source: fromReplica,
      defaults: { concurrency: 4 },
    });
  });
  afterAll(async () => {
    await crawled.replica.close();
    await crawled.harness.close();
  });
  return crawled;
}

describe('by-mfa: Belarus MFA (windows-1251 statements, a listing already damaged)', () => {
  const crawled = crawledFrom('mfa.gov.by', 'by-mfa');

  it("follows the damaged listing's intact entries and says what is wrong with the page", () => {
    const result = crawled.report.sources[0]!;
    expect(result.status).toBe('completed');
    expect(result.counts.errors).toEqual({ LISTING_TEXT_DAMAGED: 1 });
    expect(result.counts.itemsNew).toBe(5);
    // Page 2 is not in the copy: the listing ends there.
    expect(crawled.replica.log.find((r) => r.path === '/en/press/statements/2')?.status).toBe(404);
  });

  it('decodes the statements as windows-1251, as their pages declare', () => {
    const charsets = crawled.harness.archive.db
      .prepare("SELECT DISTINCT charset, charset_source FROM responses WHERE kind = 'item'")
      .all();
    expect(charsets).toEqual([{ charset: 'windows-1251', charset_source: 'meta' }]);
  });

  it('extracts every statement as its page says', () => {
    expectItems(crawled.harness, 'by-mfa', BELARUS);
  });

  it('keeps one release of the statement saved twice under two URLs', () => {
    const releases = releasesOf(crawled.harness, 'by-mfa');
    const copies = BELARUS.filter((e) => e.title === BELARUS[3]!.title).map((e) =>
      releases.get(e.url),
    );
    expect(copies.filter((c) => c && !c.superseded)).toHaveLength(1);
  });
});

describe('gb-fco: the FCO on GOV.UK, 2012 (a JSON listing API and news pages)', () => {
  const crawled = crawledFrom('www.gov.uk', 'gb-fco');

  it('pages the API by next_page_url until the copy ends, fetching every entry it lists', () => {
    const api = crawled.replica.log
      .filter((r) => r.path.startsWith('/government/announcements.json'))
      .map((r) => `${r.status} ${new URL(r.path, 'https://x').searchParams.get('page')}`);
    expect(api).toEqual(['200 2', '200 3', '404 4']);
    const result = crawled.report.sources[0]!;
    expect(result.status).toBe('completed');
    // 40 entries: the 8 news pages the copy holds, 32 it does not.
    expect(result.counts.itemsNew).toBe(8);
    expect(result.counts.errors).toEqual({ ITEM_GONE: 32 });
  });

  it('extracts every news page it holds as the page says', () => {
    expectItems(crawled.harness, 'gb-fco', GOV_UK_LINKED_FROM_PAGE_2);
  });
});

describe('my-mfa: Malaysian MFA (Liferay table, M/D/YY, English and Malay)', () => {
  const crawled = crawledFrom('www.kln.gov.my', 'my-mfa');

  it('reads the 75 rows of page 1 and asks for page 2 by its _cur=N portlet URL', () => {
    const result = crawled.report.sources[0]!;
    expect(result.status).toBe('completed');
    expect(result.counts.itemsNew).toBe(1);
    expect(result.counts.errors).toEqual({ ITEM_GONE: 74 });
    // 74 links to /web/guest/-/<slug>, one to an asset-publisher path.
    const items = crawled.replica.log.filter((r) =>
      /^\/web\/guest\/(press-releases\/)?-\//.test(r.path),
    );
    expect(items).toHaveLength(75);
    // Links are fetched without the redirect query the listing adds.
    expect(items.every((r) => !r.path.includes('?'))).toBe(true);
    const page2 = crawled.replica.log.find((r) => r.path.includes('_101_INSTANCE_ps2018_cur=2'));
    expect(page2?.status).toBe(404);
  });

  it('extracts the release it holds as the page says, its language told from its text', () => {
    expectItems(crawled.harness, 'my-mfa', MALAYSIA);
  });
});

describe('uz-mfa: Uzbekistan MFA listing sample', () => {
  const crawled = crawledFrom('mfa.uz', 'uz-mfa');

  it('reads the listing and refuses its one entry, which the fixture pointed at localhost', () => {
    const result = crawled.report.sources[0]!;
    expect(result.status).toBe('completed');
    expect(result.counts.errors).toEqual({ OFF_SITE_LINK: 1 });
    expect(result.counts.itemsNew).toBe(0);
    expect(crawled.replica.log.map((r) => r.path)).toEqual(['/robots.txt', '/en/press/news']);
    const line = crawled.harness.log.find((l) => l.code === 'OFF_SITE_LINK');
    expect(line?.msg).toContain('http://localhost/31033.html, outside mfa.uz; not followed');
  });
});
