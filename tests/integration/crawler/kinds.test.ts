/**
 * The kinds no captured ministry uses yet, crawled from a site of the test's
 * own on 127.0.0.1: a gzipped sitemap index (served as octet-stream, as
 * sites do) leading to a Google News sitemap whose items are an HTML page, a
 * PDF with text and a scanned PDF without a text layer; and a REST API whose
 * items are the releases, paged by the URL each answer gives.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrawlReport } from '../../../crawler/crawl/run.js';
import { validateSource } from '../../../crawler/sources/index.js';
import { CrawlHarness } from '../../helpers/crawl.js';
import { makePdf } from '../../helpers/pdf.js';
import { type Replica, type ReplicaResponse, startReplica } from '../../replicas/server.js';

const ORIGIN = 'https://www.kinds.example';
const base = {
  country: 'KZ',
  languages: ['en'],
  homepage: `${ORIGIN}/`,
  baseUrl: ORIGIN,
  verified: false,
  provenance: ['tests/integration/crawler/kinds.test.ts: a site of the test’s own'],
};

const SITEMAP_SOURCE = validateSource(
  {
    ...base,
    id: 'sitemap-mfa',
    name: { en: 'Ministry with a news sitemap (test site)' },
    kind: 'sitemap',
    startUrls: { en: '/sitemap.xml.gz' },
    sitemap: { news: true },
    extract: { timeZone: 'Asia/Almaty', title: ['h1'], body: ['div.text'] },
  },
  'sitemap-mfa (kinds.test.ts)',
);

const REST_SOURCE = validateSource(
  {
    ...base,
    id: 'rest-mfa',
    name: { en: 'Ministry with a JSON API (test site)' },
    kind: 'json',
    startUrls: { en: '/api/news?page=1' },
    api: {
      type: 'rest',
      itemsPath: 'data.items',
      itemUrl: '/news/{slug}',
      dateField: 'attributes.published',
      nextField: 'links.next',
    },
    extract: {
      timeZone: 'Asia/Almaty',
      fields: {
        id: 'id',
        title: 'attributes.title',
        date: 'attributes.published',
        body: ['attributes.html'],
      },
    },
  },
  'rest-mfa (kinds.test.ts)',
);

const TEXT =
  'The Ministry of Foreign Affairs of Kazakhstan welcomes the agreement reached with Uzbekistan on water sharing. ';

const pdf = (kind: 'text' | 'scan') =>
  kind === 'scan'
    ? makePdf('scan')
    : makePdf(
        {
          lines: [
            'Joint statement',
            TEXT.trim(),
            'The sides agreed to meet again in Tashkent in the spring.',
          ],
        },
        'Joint statement on water sharing',
      );

function sitemapIndex(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>${ORIGIN}/sitemap-news.xml</loc><lastmod>2024-03-05</lastmod></sitemap>
  <sitemap><loc>${ORIGIN}/sitemap-pages.xml</loc></sitemap>
</sitemapindex>`;
}

const news = (path: string, title: string, date: string) => `<url><loc>${ORIGIN}${path}</loc>
  <news:news><news:publication><news:name>MFA</news:name><news:language>en</news:language></news:publication>
  <news:publication_date>${date}</news:publication_date><news:title>${title}</news:title></news:news></url>`;

function newsSitemap(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
${news('/news/talks.html', 'Talks in Astana', '2024-03-05T10:00:00+05:00')}
${news('/docs/statement.pdf', 'Joint statement (PDF)', '2024-03-04T09:00:00+05:00')}
${news('/docs/scan.pdf', 'Signed protocol (scan)', '2024-03-03T09:00:00+05:00')}
<url><loc>${ORIGIN}/about.html</loc><lastmod>2020-01-01</lastmod></url>
</urlset>`;
}

const apiItem = (id: number, title: string, day: string) => ({
  id,
  slug: `item-${id}`,
  attributes: {
    title,
    published: `${day}T12:00:00+05:00`,
    html: `<p>${TEXT.repeat(3)}</p><p>Item ${id}.</p>`,
  },
});

function apiPage(page: number): unknown {
  const pages: Record<number, unknown> = {
    1: {
      data: {
        items: [
          apiItem(3, 'Third release', '2024-03-03'),
          apiItem(2, 'Second release', '2024-03-02'),
        ],
      },
      links: { next: '/api/news?page=2' },
    },
    2: { data: { items: [apiItem(1, 'First release', '2024-03-01')] }, links: { next: null } },
  };
  return pages[page];
}

let replica: Replica;
let statementPdf: Buffer;
let scanPdf: Buffer;

function answer(path: string): ReplicaResponse | undefined {
  const html = (title: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><div class="text"><p>${TEXT.repeat(3)}</p></div></body></html>`;
  const url = new URL(path, ORIGIN);
  switch (url.pathname) {
    case '/sitemap.xml.gz':
      return {
        status: 200,
        headers: { 'content-type': 'application/octet-stream' },
        body: gzipSync(sitemapIndex()),
      };
    case '/sitemap-news.xml':
      return { status: 200, headers: { 'content-type': 'application/xml' }, body: newsSitemap() };
    case '/sitemap-pages.xml':
      return {
        status: 200,
        headers: { 'content-type': 'application/xml' },
        body: `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${ORIGIN}/about.html</loc></url></urlset>`,
      };
    case '/news/talks.html':
      return {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: html('Talks in Astana'),
      };
    case '/docs/statement.pdf':
      return { status: 200, headers: { 'content-type': 'application/pdf' }, body: statementPdf };
    case '/docs/scan.pdf':
      return { status: 200, headers: { 'content-type': 'application/pdf' }, body: scanPdf };
    case '/api/news': {
      const page = apiPage(Number(url.searchParams.get('page')));
      return page
        ? {
            status: 200,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(page),
          }
        : undefined;
    }
    default:
      return undefined;
  }
}

function releases(harness: CrawlHarness, source: string) {
  return (
    harness.archive.db
      .prepare('SELECT item_url, json FROM releases WHERE source = ? ORDER BY item_url')
      .all(source) as { item_url: string; json: string }[]
  ).map((r) => ({ itemUrl: r.item_url, ...JSON.parse(r.json) }));
}

beforeAll(async () => {
  statementPdf = await pdf('text');
  scanPdf = await pdf('scan');
  replica = await startReplica((request) => answer(request.path));
});

afterAll(async () => {
  await replica.close();
});

describe('a sitemap source (gzipped index → news sitemap → pages and PDFs)', () => {
  let harness: CrawlHarness;
  let report: CrawlReport;
  beforeAll(async () => {
    harness = await CrawlHarness.create();
    report = await harness.crawl({
      sources: [SITEMAP_SOURCE],
      replicas: { 'sitemap-mfa': replica.baseUrl },
    });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('unpacks the index, reads both sitemaps and fetches only the news entries', () => {
    expect(replica.log.map((r) => r.path)).toEqual(
      expect.arrayContaining([
        '/sitemap.xml.gz',
        '/sitemap-news.xml',
        '/sitemap-pages.xml',
        '/news/talks.html',
        '/docs/statement.pdf',
        '/docs/scan.pdf',
      ]),
    );
    expect(replica.log.some((r) => r.path === '/about.html')).toBe(false);
    expect(report.sources[0]).toMatchObject({ status: 'completed' });
    expect(report.sources[0]!.counts.itemsNew).toBe(3);
  });

  it('makes releases of the page and of the PDF with text, the PDF titled by its document', () => {
    const made = releases(harness, 'sitemap-mfa');
    expect(made.map((r) => [r.itemUrl, r.title])).toEqual([
      [`${ORIGIN}/docs/statement.pdf`, 'Joint statement on water sharing'],
      [`${ORIGIN}/news/talks.html`, 'Talks in Astana'],
    ]);
    const pdfRelease = made[0]!;
    expect(pdfRelease.body).toContain('welcomes the agreement reached with Uzbekistan');
    expect(pdfRelease.body).toContain('meet again in Tashkent');
    expect(pdfRelease.countries).toEqual(expect.arrayContaining(['KZ', 'UZ']));
    const stored = harness.archive.db
      .prepare('SELECT format, text FROM items WHERE url = ?')
      .get(`${ORIGIN}/docs/statement.pdf`) as { format: string; text: string };
    expect(stored.format).toBe('pdf');
    expect(JSON.parse(stored.text)).toMatchObject({
      pages: 1,
      listingTitle: 'Joint statement (PDF)',
    });
  });

  it('keeps the scanned PDF in the archive and says it has no text layer (PDF_NO_TEXT_LAYER)', () => {
    expect(report.sources[0]!.counts.errors).toEqual({ PDF_NO_TEXT_LAYER: 1 });
    const item = harness.archive.items.outcome('sitemap-mfa', `${ORIGIN}/docs/scan.pdf`);
    expect(item).toMatchObject({ code: 'PDF_NO_TEXT_LAYER' });
    expect(item?.message).toMatch(/has a text layer .*would need OCR/);
  });
});

describe('a REST API source whose items are the releases', () => {
  let harness: CrawlHarness;
  let report: CrawlReport;
  let before: number;
  beforeAll(async () => {
    harness = await CrawlHarness.create();
    before = replica.log.length;
    report = await harness.crawl({
      sources: [REST_SOURCE],
      replicas: { 'rest-mfa': replica.baseUrl },
    });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('follows links.next until it is null, fetching no item page', () => {
    const requests = replica.log.slice(before).map((r) => r.path);
    expect(requests).toEqual(['/robots.txt', '/api/news?page=1', '/api/news?page=2']);
    expect(report.sources[0]!.counts).toMatchObject({ itemsNew: 3, releasesNew: 3, errors: {} });
  });

  it('reads title, date and body by the field paths of the source file', () => {
    const made = releases(harness, 'rest-mfa');
    expect(made.map((r) => [r.url, r.title, r.published])).toEqual([
      [`${ORIGIN}/news/item-1`, 'First release', '2024-03-01T12:00:00+05:00'],
      [`${ORIGIN}/news/item-2`, 'Second release', '2024-03-02T12:00:00+05:00'],
      [`${ORIGIN}/news/item-3`, 'Third release', '2024-03-03T12:00:00+05:00'],
    ]);
    expect(made[0]!.body).toMatch(/Item 1\.$/);
  });
});
