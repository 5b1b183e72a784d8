/**
 * Kazakhstan MFA through the gov.kz GraphQL API, from the replica built from
 * ../shared/sources/gov-kz.md with real texts (the Kazakhstan Today release
 * among them).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrawlHarness } from '../../helpers/crawl.js';
import { sharedPath } from '../../helpers/shared.js';
import { type KzReplica, startKzMfaReplica } from '../../replicas/kz-mfa.js';

let replica: KzReplica;
let harness: CrawlHarness;

beforeAll(async () => {
  replica = await startKzMfaReplica();
  harness = await CrawlHarness.create();
});

afterAll(async () => {
  await replica.close();
  await harness.close();
});

const graphqlPages = (from: number) =>
  replica.log.slice(from).filter((r) => r.path === '/graphql').length;

describe('kz-mfa from its replica', () => {
  it('pages the GraphQL news of ru, kk and en to their ends, one release per item', async () => {
    const report = await harness.crawl({
      sources: ['kz-mfa'],
      replicas: { 'kz-mfa': replica.baseUrl },
    });
    const result = report.sources[0]!;
    expect(result.status).toBe('completed');
    const total = replica.items.ru.length + replica.items.kk.length + replica.items.en.length;
    expect(result.counts.itemsNew).toBe(total);
    expect(
      result.counts.releasesNew + Object.values(result.counts.errors).reduce((a, b) => a + b, 0),
    ).toBe(total);
    expect(result.counts.releasesNew).toBeGreaterThan(total * 0.9);
    // ru: 105 items → pages of 50, 50 and 5; kk and en fit in one page each.
    const pages = replica.queries.map((q) => `${q.lang}:${q.page}`).sort();
    expect(pages).toEqual(['en:1', 'kk:1', 'ru:1', 'ru:2', 'ru:3']);
    expect(replica.queries[0]).toMatchObject({
      projects: 'eq:mfa',
      size: 50,
      sort: 'created_date:desc',
    });
    for (const state of ['ru', 'kk', 'en'])
      expect(harness.archive.runs.state('kz-mfa', state).backfillDone).toBe(true);
  });

  it('archives each item as its JSON under the public page URL, and makes the seed text a Russian release', () => {
    const seed = replica.items.ru[0]!;
    const url = `https://www.gov.kz/memleket/entities/mfa/press/news/details/${seed.id}?lang=ru`;
    const item = harness.archive.db
      .prepare('SELECT format, text, release_id FROM items WHERE url = ?')
      .get(url) as { format: string; text: string; release_id: string };
    expect(item.format).toBe('json');
    expect(JSON.parse(item.text)).toEqual(seed);
    const release = JSON.parse(
      (
        harness.archive.db
          .prepare('SELECT json FROM releases WHERE id = ?')
          .get(item.release_id) as { json: string }
      ).json,
    );
    expect(release).toMatchObject({
      source: 'kz-mfa',
      lang: 'ru',
      url,
      published: '2023-12-01T09:00:00.000Z',
    });
    const firstSentence = readFileSync(sharedPath('fixtures', 'kazakhstan-today-seed.txt'), 'utf8')
      .split('\n')[0]!
      .slice(0, 60);
    expect(release.body).toContain(firstSentence);
  });

  it('on the next run reads page 1, looks back one page, and stops: only the new release is added', async () => {
    const before = replica.log.length;
    replica.publish('ru', {
      title:
        'Министр иностранных дел Казахстана провел телефонный разговор с министром иностранных дел Турции',
      created_date: '2023-12-05T10:00:00Z',
      heropic: null,
      alt_image: null,
      body: '<p>Астана, 5 декабря &ndash; Министр иностранных дел Республики Казахстан провел телефонный разговор с министром иностранных дел Турецкой Республики Хаканом Фиданом.</p>',
      short_description: null,
    });
    const report = await harness.crawl({
      sources: ['kz-mfa'],
      replicas: { 'kz-mfa': replica.baseUrl },
    });
    const result = report.sources[0]!;
    expect(result.counts).toMatchObject({ itemsNew: 1, releasesNew: 1 });
    // ru: page 1 (new item), page 2 (nothing new, the look-back), page 3 would be next but paging stopped… unless it is the last.
    expect(graphqlPages(before)).toBeLessThanOrEqual(5);
    const ruPages = replica.queries
      .slice(-graphqlPages(before))
      .filter((q) => q.lang === 'ru')
      .map((q) => q.page);
    expect(ruPages.slice(0, 2)).toEqual([1, 2]);
  });

  it('with --lang and --max-pages 1 asks only page 1 of that language', async () => {
    const from = replica.queries.length;
    const report = await harness.crawl({
      sources: ['kz-mfa'],
      replicas: { 'kz-mfa': replica.baseUrl },
      langs: ['kk'],
      maxPages: 1,
    });
    expect(replica.queries.slice(from)).toEqual([expect.objectContaining({ lang: 'kk', page: 1 })]);
    expect(report.sources[0]!.counts).toMatchObject({
      itemsNew: 0,
      itemsUnchanged: replica.items.kk.length,
    });
  });
});
