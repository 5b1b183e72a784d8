/** normalizeWithSource on real pages of each source, and on the bad inputs it must survive. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { BODY_MAX_CHARS } from '../../../crawler/normalize/index.js';
import type { RawItem } from '../../../crawler/normalize/types.js';
import { normalizeWithSource } from '../../../crawler/sources/index.js';
import { pressReleaseSchema } from '../../../src/domain/release.js';
import { fmprcDir, readFmprcManifest, readStateDept } from '../../helpers/corpus.js';
import { sharedPath } from '../../helpers/shared.js';

const manifest = readFmprcManifest();
const page = (p: string) => readFileSync(path.join(fmprcDir(), p), 'utf8');

function html(text: string, overrides: Partial<RawItem> = {}): RawItem {
  return {
    sourceId: 'test',
    url: 'https://example.org/release/1',
    format: 'html',
    text,
    fetchedAt: '2024-03-01T00:00:00Z',
    ...overrides,
  };
}

function ok(item: RawItem) {
  const outcome = normalizeWithSource(item);
  if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.reason}`);
  expect(pressReleaseSchema.safeParse(outcome.release).success).toBe(true);
  return outcome;
}

describe('China MFA pages', () => {
  const en = manifest.find((m) => m.path.endsWith('t1558711.shtml'))!;

  it('English transcript: title, date from the title in Beijing time, body without chrome', () => {
    const { release } = ok({
      ...html(page(en.path)),
      sourceId: 'cn-mfa',
      url: en.url,
      langHint: 'en',
    });
    expect(release.title).toBe(
      "Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on May 11, 2018",
    );
    expect(release.published).toBe('2018-05-11T00:00:00+08:00');
    expect(release.datePrecision).toBe('date');
    expect(release.body).toMatch(/^At the invitation of President Julius Maada Wonie Bio/);
    expect(release.body).not.toMatch(/Copyright|Appendix:|search/);
    expect(release.countries).toEqual(expect.arrayContaining(['CN', 'SL', 'OM', 'FR', 'ES']));
    expect(release.ministers).toEqual(expect.arrayContaining(['wang-yi']));
  });

  it('Chinese transcript: date from News_Body_Time, language zh', () => {
    const zh = manifest.find((m) => m.path.endsWith('t1415586.shtml'))!;
    const { release } = ok({ ...html(page(zh.path)), sourceId: 'cn-mfa', url: zh.url });
    expect(release.title).toBe('2016年11月15日外交部发言人耿爽主持例行记者会');
    expect(release.published).toBe('2016-11-15T00:00:00+08:00');
    expect(release.lang).toBe('zh');
    expect(release.body.length).toBeGreaterThan(500);
    expect(release.body).not.toContain('document.getElementById');
  });

  it('titles like "June11, 2018" and titles without a year', () => {
    const withoutSpace = manifest.find(
      (m) => m.kind === 'item' && /June11, 2018/.test(page(m.path).slice(0, 600)),
    );
    expect(withoutSpace, 'a "June11, 2018" page in the replica').toBeDefined();
    const a = ok({ ...html(page(withoutSpace!.path)), sourceId: 'cn-mfa', url: withoutSpace!.url });
    expect(a.release.published).toBe('2018-06-11T00:00:00+08:00');

    const noYear = manifest.find(
      (m) =>
        m.kind === 'item' &&
        m.lang === 'en' &&
        /<title>[^<]*(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}<\/title>/.test(
          page(m.path),
        ),
    );
    expect(noYear, 'a title without a year in the replica').toBeDefined();
    const b = normalizeWithSource({
      ...html(page(noYear!.path)),
      sourceId: 'cn-mfa',
      url: noYear!.url,
    });
    expect(b.ok).toBe(true);
    if (b.ok && b.release.published === null) {
      expect(b.warnings.map((w) => w.code)).toContain('DATE_UNKNOWN');
    } else if (b.ok) {
      expect(b.warnings.map((w) => w.code)).toContain('YEAR_FROM_CONTEXT');
    }
  });
});

describe('State Department feed items', () => {
  it('takes content:encoded, the exact pubDate, and drops the byline paragraph', () => {
    const record = readStateDept().find((r) =>
      r.html.startsWith('<p>Office of the Spokesperson</p>'),
    )!;
    const xml = `<item><title>${record.title.replace(/&/g, '&amp;')}</title><link>${record.url}</link><pubDate>${new Date(record.published).toUTCString()}</pubDate><dc:creator><![CDATA[Office of the Spokesperson]]></dc:creator><content:encoded><![CDATA[${record.html}]]></content:encoded></item>`;
    const { release } = ok({
      ...html(xml),
      format: 'feed-item',
      sourceId: 'us-state',
      url: record.url,
      langHint: 'en',
    });
    expect(release.title).toBe(record.title.replace(/\u00a0/g, ' '));
    expect(release.published).toBe(new Date(record.published).toISOString());
    expect(release.body.startsWith('Office of the Spokesperson')).toBe(false);
    expect(release.url).toBe(record.url);
  });
});

describe('gov.kz API items', () => {
  it('maps the item fields and keeps the exact creation time', () => {
    const item = {
      id: '1237295',
      title: 'Встреча министров',
      slug: 'x',
      created_date: '2023-12-01T11:48:00Z',
      heropic: null,
      body: '<p>Астана, 1 декабря. Министр иностранных дел Казахстана Мурат Нуртлеу провел встречу с министром иностранных дел Китая Ван И &ndash; в Пекине.</p>',
      short_description: null,
      unknown_field: 1,
    };
    const { release } = ok({
      ...html(JSON.stringify(item)),
      format: 'json',
      sourceId: 'kz-mfa',
      langHint: 'ru',
    });
    expect(release.published).toBe('2023-12-01T11:48:00.000Z');
    expect(release.body).toContain('Ван И – в Пекине');
    expect(release.dateline).toBe('Астана');
    expect(release.ministers).toEqual(['murat-nurtleu', 'wang-yi']);
  });

  it('uses short_description when the body is null, and names a missing field', () => {
    const base = {
      id: 1,
      title: 'T',
      created_date: '2023-12-01T00:00:00Z',
      body: null,
      short_description: 'Краткое описание встречи министров.',
    };
    expect(
      ok({ ...html(JSON.stringify(base)), format: 'json', sourceId: 'kz-mfa', langHint: 'ru' })
        .release.body,
    ).toBe('Краткое описание встречи министров.');
    const broken = normalizeWithSource({
      ...html(JSON.stringify({ id: 1, body: 'x' })),
      format: 'json',
      sourceId: 'kz-mfa',
    });
    expect(broken).toMatchObject({ ok: false, code: 'INVALID_ITEM' });
    expect(!broken.ok && broken.reason).toMatch(/title/);
    expect(
      normalizeWithSource({
        ...html('{"id": 1, "title": "T", "created_'),
        format: 'json',
        sourceId: 'kz-mfa',
      }),
    ).toMatchObject({ ok: false, code: 'INVALID_ITEM' });
  });
});

describe('bad input', () => {
  it('an empty body is not a release', () => {
    expect(
      normalizeWithSource(html('<html><head><title>Statement</title></head><body></body></html>')),
    ).toMatchObject({
      ok: false,
      code: 'EMPTY_CONTENT',
    });
  });

  it('a page that is only navigation is not a release', () => {
    const nav =
      '<html><head><title>MFA</title></head><body><header><nav><a href="/">Home</a><a href="/news">News</a></nav></header><footer>© Ministry</footer></body></html>';
    expect(normalizeWithSource(html(nav))).toMatchObject({ ok: false, code: 'EMPTY_CONTENT' });
  });

  it('an SPA shell is not a release', () => {
    const shell =
      '<html><head><title>gov.kz</title></head><body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div></body></html>';
    const outcome = normalizeWithSource(html(shell));
    expect(outcome.ok).toBe(false);
  });

  it('mixed languages keep the declared language and find entities of both', () => {
    const text =
      '<html lang="kk"><body><article><h1>Кездесу</h1><p>Қазақстан Сыртқы істер министрі Мұрат Нұртілеу Ресей СІМ басшысы Сергей Лавровпен кездесті. «Мы обсудили сотрудничество России и Казахстана», — сказал министр.</p></article></body></html>';
    const { release } = ok(html(text));
    expect(release.lang).toBe('kk');
    expect(release.countries).toEqual(['KZ', 'RU']);
  });

  it('mojibake from a wrong charset is detected and reported, not indexed', () => {
    const good =
      '<html><body><article><h1>Встреча</h1><p>Министр иностранных дел Казахстана провел встречу с коллегой из Китая в Пекине.</p></article></body></html>';
    const damaged = iconv.decode(Buffer.from(good, 'utf8'), 'win1251');
    expect(normalizeWithSource(html(damaged))).toMatchObject({ ok: false, code: 'MOJIBAKE' });
    const by = readFileSync(
      sharedPath('sites', 'mfa.gov.by', 'en', 'press', 'statements', 'index.html'),
    );
    expect(normalizeWithSource(html(iconv.decode(by, 'win1251')))).toMatchObject({
      ok: false,
      code: 'MOJIBAKE',
    });
  });

  it('a 5 MB page is normalized, its body capped with a warning', () => {
    const paragraph =
      '<p>The ministers of Kazakhstan and China discussed energy security and trade. </p>';
    const big = `<html><head><title>Long statement</title></head><body><article>${paragraph.repeat(Math.ceil((5 * 1024 * 1024) / paragraph.length))}</article></body></html>`;
    expect(big.length).toBeGreaterThan(5 * 1024 * 1024);
    const { release, warnings } = ok(html(big));
    expect(release.countries).toEqual(['CN', 'KZ']);
    expect(release.body.length).toBeLessThanOrEqual(BODY_MAX_CHARS);
    expect(release.body.length).toBeGreaterThan(BODY_MAX_CHARS - paragraph.length);
    expect(release.body.endsWith('trade.')).toBe(true);
    expect(warnings.map((w) => w.code)).toContain('BODY_TRUNCATED');
  });

  it('deeply nested and unclosed markup is normalized', () => {
    const nested = `<html><head><title>Nested</title></head><body>${'<div>'.repeat(10000)}<p>The Foreign Minister of Japan met his counterpart.<p>Second paragraph<b>bold<i>italic</div></body>`;
    const { release } = ok(html(nested));
    expect(release.body).toContain('The Foreign Minister of Japan met his counterpart.');
    expect(release.body).toContain('Second paragraph');
  });

  it('an unknown date format keeps the release, flags the date and invents nothing', () => {
    const page =
      '<html><head><title>Statement on the anniversary</title></head><body><article><p>Published on the third day of the twelfth month. The Ministry of Foreign Affairs of Kazakhstan welcomes the decision.</p><div class="date">Q4/23</div></article></body></html>';
    const outcome = ok(html(page));
    expect(outcome.release.published).toBeNull();
    expect(outcome.release.datePrecision).toBe('unknown');
    expect(outcome.release.year).toBeNull();
    expect(outcome.warnings.map((w) => w.code)).toContain('DATE_UNKNOWN');
  });

  it('a soft 404 is recognised', () => {
    const page =
      '<html><head><title>404 Not Found</title></head><body><article><h1>Page not found</h1><p>The page you requested does not exist.</p></article></body></html>';
    expect(normalizeWithSource(html(page))).toMatchObject({ ok: false, code: 'SOFT_404' });
  });
});

describe('generic fallbacks', () => {
  it('reads JSON-LD, OpenGraph, <time> and hreflang alternates', () => {
    const page = `<html lang="en"><head><title>Site | Ministry</title>
      <meta property="og:title" content="Minister meets counterpart">
      <link rel="canonical" href="https://mfa.example/en/news/5">
      <link rel="alternate" hreflang="ru" href="https://mfa.example/ru/news/5">
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"Minister meets counterpart","datePublished":"2024-02-03T10:00:00+05:00"}</script>
      </head><body><nav>Home News</nav><main><p>The Foreign Minister of Uzbekistan Bakhtiyor Saidov met his counterpart from Kyrgyzstan in Tashkent on Saturday.</p><p class="share">Share on Facebook</p></main></body></html>`;
    const outcome = ok(html(page, { url: 'https://mfa.example/en/news/5?utm_source=x' }));
    expect(outcome.release.title).toBe('Minister meets counterpart');
    expect(outcome.release.published).toBe('2024-02-03T10:00:00+05:00');
    expect(outcome.release.url).toBe('https://mfa.example/en/news/5');
    expect(outcome.release.body).not.toContain('Share on Facebook');
    expect(outcome.release.body).not.toContain('Home News');
    expect(outcome.alternates).toEqual([{ lang: 'ru', url: 'https://mfa.example/ru/news/5' }]);
    expect(outcome.release.countries).toEqual(['KG', 'UZ']);
  });
});
