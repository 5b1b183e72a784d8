/** Sitemaps: urlset with lastmod, Google News entries, indexes, gzip, and bad input. */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FinalCrawlError } from '../../../crawler/crawl/errors.js';
import { gunzipIfNeeded, isGzip, parseSitemap } from '../../../crawler/crawl/sitemap.js';

const urlset = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://mfa.example/en/news/101</loc>
    <lastmod>2024-03-05T10:15:00+03:00</lastmod>
    <news:news>
      <news:publication><news:name>MFA</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2024-03-05T09:00:00+03:00</news:publication_date>
      <news:title>Statement on the talks</news:title>
    </news:news>
  </url>
  <url><loc> https://mfa.example/en/about </loc><lastmod>2023-11</lastmod></url>
  <url><loc>not a url</loc></url>
  <url><lastmod>2024-01-01</lastmod></url>
</urlset>`;

describe('parseSitemap', () => {
  it('reads locations, lastmod as ISO and the Google News fields', () => {
    const parsed = parseSitemap(urlset);
    expect(parsed.type).toBe('urlset');
    expect(parsed.entries).toEqual([
      {
        loc: 'https://mfa.example/en/news/101',
        lastmod: '2024-03-05T07:15:00.000Z',
        news: {
          title: 'Statement on the talks',
          publishedAt: '2024-03-05T06:00:00.000Z',
          language: 'en',
        },
      },
      { loc: 'https://mfa.example/en/about', lastmod: '2023-11-01T00:00:00.000Z' },
    ]);
  });

  it('reports entries without a usable <loc> and keeps the others', () => {
    expect(parseSitemap(urlset).problems).toEqual([
      'url 3: loc = "not a url": must be an absolute http(s) URL',
      'url 4: loc = missing: must be an absolute http(s) URL',
    ]);
  });

  it('reads a sitemap index as a list of further sitemaps', () => {
    const index = `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://mfa.example/sitemap-news.xml.gz</loc><lastmod>2024-03-05</lastmod></sitemap>
      <sitemap><loc>https://mfa.example/sitemap-pages.xml</loc></sitemap>
    </sitemapindex>`;
    expect(parseSitemap(index)).toEqual({
      type: 'sitemapindex',
      entries: [
        { loc: 'https://mfa.example/sitemap-news.xml.gz', lastmod: '2024-03-05T00:00:00.000Z' },
        { loc: 'https://mfa.example/sitemap-pages.xml' },
      ],
      problems: [],
    });
  });

  it('refuses a document that is not a sitemap, naming its root element', () => {
    expect(() => parseSitemap('<html><body>Not found</body></html>')).toThrow(FinalCrawlError);
    expect(() => parseSitemap('<rss><channel/></rss>')).toThrow(/root element: "rss"/);
  });
});

describe('gunzipIfNeeded', () => {
  it('unpacks a gzipped sitemap and leaves plain bytes alone', () => {
    const plain = Buffer.from(urlset);
    const packed = gzipSync(plain);
    expect(isGzip(packed)).toBe(true);
    expect(gunzipIfNeeded(packed, 1_000_000).equals(plain)).toBe(true);
    expect(gunzipIfNeeded(plain, 10)).toBe(plain);
  });

  it('refuses a small file that unpacks past the size limit (TOO_LARGE)', () => {
    const bomb = gzipSync(Buffer.alloc(5_000_000, 'a'));
    expect(bomb.length).toBeLessThan(10_000);
    expect(() => gunzipIfNeeded(bomb, 1_000_000)).toThrow(
      expect.objectContaining({ code: 'TOO_LARGE' }),
    );
  });

  it('refuses broken gzip (INVALID_RESPONSE)', () => {
    const broken = gzipSync(Buffer.from(urlset)).subarray(0, 40);
    expect(() => gunzipIfNeeded(broken, 1_000_000)).toThrow(
      expect.objectContaining({ code: 'INVALID_RESPONSE' }),
    );
  });
});
