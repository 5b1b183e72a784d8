/**
 * The whole State Department corpus (plus Russian, Kazakh and Chinese
 * releases) imported into a real Meilisearch, searched through the real API.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Meilisearch } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../src/archive/archive.js';
import { releaseIdFor } from '../../src/domain/ids.js';
import { createApp } from '../../src/http/app.js';
import {
  errorResponseSchema,
  releaseResponseSchema,
  searchResponseSchema,
} from '../../src/http/schemas.js';
import { type ImportReport, importJsonLines } from '../../src/ingest/jsonl.js';
import { SearchService } from '../../src/search/service.js';
import {
  readStateDept,
  type StateDeptRecord,
  stateDeptFile,
  writeMultilingualImport,
} from '../helpers/corpus.js';
import { getJson, listen, type RunningServer } from '../helpers/http.js';
import { createTestIndex, deleteIndex, testClient } from '../helpers/meili.js';

let client: Meilisearch;
let uid: string;
let server: RunningServer;
let dir: string;
let archive: Archive;
/** Every line of the corpus, and the releases the archive keeps of it (republished copies replaced). */
let corpusLines: StateDeptRecord[];
let corpus: StateDeptRecord[];
let firstImport: ImportReport;
let multilingual: ImportReport;

const api = (query: string) => getJson(`${server.baseUrl}${query}`);

async function search(params: Record<string, string | string[]>) {
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) qs.append(key, v);
  }
  const { status, body } = await api(`/api/search?${qs}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return searchResponseSchema.parse(body);
}

/** Every id a query yields, page by page. */
async function allIds(params: Record<string, string | string[]>): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const result = await search({ ...params, perPage: '100', page: String(page) });
    ids.push(...result.hits.map((h) => h.id));
    if (page >= result.totalPages) return ids;
  }
}

beforeAll(async () => {
  client = testClient();
  uid = await createTestIndex(client, 'search-api');
  dir = await mkdtemp(path.join(tmpdir(), 'search-api-'));
  archive = new Archive(path.join(dir, 'archive.db'));
  corpusLines = readStateDept();
  firstImport = await importJsonLines(stateDeptFile(), {
    archive,
    client,
    indexUid: uid,
    defaults: { source: 'us-state' },
  });
  const live = new Set(
    (
      archive.db
        .prepare("SELECT id FROM releases WHERE source = 'us-state' AND superseded_by IS NULL")
        .all() as { id: string }[]
    ).map((r) => r.id),
  );
  corpus = corpusLines.filter((r) => live.has(releaseIdFor(r.url)));
  multilingual = await importJsonLines(await writeMultilingualImport(dir), {
    archive,
    client,
    indexUid: uid,
  });
  const app = createApp({ search: new SearchService(client, uid), settingsApplied: () => true });
  server = await listen(app);
}, 600_000);

afterAll(async () => {
  await server?.close();
  await deleteIndex(client, uid);
  archive?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('import', () => {
  it('imports every State Department release, republished copies replaced', async () => {
    expect(firstImport.bad).toEqual([]);
    expect(firstImport.releases.releasesNew).toBe(corpusLines.length);
    // Corrections republished under another URL (13 in this corpus) replace their first copy.
    expect(corpus.length).toBeLessThan(corpusLines.length);
    expect(corpus.length).toBeGreaterThan(corpusLines.length * 0.98);
    expect(firstImport.added).toBe(corpus.length);
    expect(multilingual.bad).toEqual([]);
    const stats = await client.index(uid).getStats();
    expect(stats.numberOfDocuments).toBe(corpus.length + multilingual.added);
  });

  it('changes nothing when the same file is imported again', async () => {
    const sample = releaseIdFor(corpus[100]!.url);
    const before = await client.index(uid).getDocument(sample);
    const again = await importJsonLines(stateDeptFile(), {
      archive,
      client,
      indexUid: uid,
      defaults: { source: 'us-state' },
    });
    expect(again).toMatchObject({
      added: 0,
      updated: 0,
      unchanged: corpusLines.length,
      bad: [],
    });
    const after = await client.index(uid).getDocument(sample);
    expect(after).toEqual(before);
    expect((await client.index(uid).getStats()).numberOfDocuments).toBe(
      corpus.length + multilingual.added,
    );
  });

  it('reports bad lines with their number and reason and imports the rest', async () => {
    const file = path.join(dir, 'mixed.jsonl');
    const good = (n: number) =>
      JSON.stringify({
        url: `https://example.org/r/${n}`,
        title: `Good ${n}`,
        text: 'Energy talks.',
        published: '2023-12-01',
      });
    await writeFile(
      file,
      [
        good(1),
        '{"url": "https://example.org/r/2", "title": ',
        JSON.stringify({ url: 'not a url', title: 'x', text: 'y', published: '2023-01-01' }),
        JSON.stringify({
          url: 'https://example.org/r/4',
          title: 'x',
          text: 'y',
          published: 'soon',
        }),
        JSON.stringify({ url: 'https://example.org/r/5', title: 'x', published: '2023-01-01' }),
        JSON.stringify({
          url: 'https://example.org/r/6',
          title: 'x',
          html: '<script>only()</script>',
          published: '2023-01-01',
        }),
        good(7),
      ].join('\n'),
    );
    const report = await importJsonLines(file, {
      archive,
      client,
      indexUid: uid,
      defaults: { source: 'test-source' },
    });
    expect(report.added).toBe(2);
    expect(report.bad.map((b) => [b.line, b.code])).toEqual([
      [2, 'INVALID_JSON'],
      [3, 'INVALID_FIELD'],
      [4, 'INVALID_DATE'],
      [5, 'INVALID_FIELD'],
      [6, 'EMPTY_CONTENT'],
    ]);
    expect(report.bad[1]?.reason).toContain('url');
    expect(report.bad[2]?.reason).toContain('published = "soon"');
    expect(report.bad[3]?.reason).toContain('html');
    const imported = await search({ source: 'test-source' });
    expect(imported.total).toBe(2);
  });
});

describe('keyword search', () => {
  it.each(['Kuleba', 'Greenland', 'climate', 'Kazakhstan'])(
    'finds every release whose title holds "%s", title matches first',
    async (word) => {
      const pattern = new RegExp(`\\b${word}\\b`, 'i');
      const expected = corpus.filter((r) => pattern.test(r.title)).map((r) => releaseIdFor(r.url));
      expect(expected.length).toBeGreaterThan(0);
      const ids = await allIds({ q: word, source: 'us-state' });
      expect(ids).toEqual(expect.arrayContaining(expected));
      const top = await search({
        q: word,
        source: 'us-state',
        perPage: String(Math.min(expected.length, 100)),
      });
      // Meilisearch matches the last query word as a prefix too ("Kazakhstani").
      for (const hit of top.hits) expect(hit.title).toMatch(new RegExp(`\\b${word}`, 'i'));
    },
  );

  it('highlights matches in titles and snippets, escaped', async () => {
    const result = await search({ q: 'Greenland' });
    const hit = result.hits[0]!;
    expect(hit.titleHtml).toMatch(/<mark>Greenland\w*<\/mark>/);
    expect(hit.snippet).toMatch(/<mark>Greenland/i);
    // Whole words are marked ("Greenlandic"), never the part a prefix matched.
    for (const html of [hit.titleHtml, hit.snippet]) {
      expect(html).not.toMatch(/<\/mark>\p{L}|\p{L}<mark>/u);
    }
    expect(hit.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });

  it('escapes markup that is part of a release text', async () => {
    const file = path.join(dir, 'markup.jsonl');
    await writeFile(
      file,
      `${JSON.stringify({
        url: 'https://example.org/markup',
        title: 'Zanzibar <b>bold</b> statement',
        text: 'Zanzibar text with <script>alert(1)</script> & "quotes".',
        published: '2023-05-05',
        source: 'markup-test',
      })}\n`,
    );
    await importJsonLines(file, { archive, client, indexUid: uid });
    const result = await search({ q: 'Zanzibar', source: 'markup-test' });
    expect(result.hits[0]?.titleHtml).toBe(
      '<mark>Zanzibar</mark> &lt;b&gt;bold&lt;/b&gt; statement',
    );
    expect(result.hits[0]?.snippet).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;',
    );
  });

  it('lists the newest releases when the query is empty', async () => {
    const result = await search({ source: 'us-state' });
    const newest = [...corpus].sort((a, b) => b.published.localeCompare(a.published))[0]!;
    expect(result.total).toBe(corpus.length);
    expect(result.hits[0]?.id).toBe(releaseIdFor(newest.url));
  });

  it('finds Cyrillic, Kazakh and Chinese text and survives emoji', async () => {
    const ru = await search({ q: 'министр', lang: 'ru' });
    expect(ru.total).toBeGreaterThan(0);
    expect(ru.hits.every((h) => h.lang === 'ru')).toBe(true);
    const kk = await search({ q: 'министрі' });
    expect(kk.hits.some((h) => h.lang === 'kk')).toBe(true);
    const zh = await search({ q: '外交部' });
    expect(zh.total).toBeGreaterThan(0);
    expect(zh.hits.every((h) => h.lang === 'zh')).toBe(true);
    expect(zh.hits[0]?.snippet).toContain('<mark>');
    const emoji = await search({ q: '🇰🇿🤝 climate' });
    expect(emoji.total).toBeGreaterThan(0);
    expect(emoji.total).toBe((await search({ q: 'climate' })).total);
    // Nothing but emoji is an empty query: the newest releases.
    const onlyEmoji = await search({ q: '😀' });
    expect(onlyEmoji.total).toBe((await search({})).total);
  });
});

describe('facets and filters', () => {
  it('has facet counts equal to the totals of the filtered searches', async () => {
    const all = await search({ source: 'us-state' });
    const checks: [string, string][] = [
      ...all.facets.country.slice(0, 5).map((f) => ['country', f.value] as [string, string]),
      ...all.facets.year.map((f) => ['year', f.value] as [string, string]),
      ...all.facets.lang.map((f) => ['lang', f.value] as [string, string]),
    ];
    expect(all.facets.country.length).toBeGreaterThan(5);
    for (const [param, value] of checks) {
      const facet = param as 'country' | 'year' | 'lang';
      const expected = all.facets[facet].find((f) => f.value === value)!.count;
      if (param === 'year') {
        const filtered = await search({
          source: 'us-state',
          from: `${value}-01-01`,
          to: `${value}-12-31`,
        });
        expect(filtered.total, `${param}=${value}`).toBe(expected);
      } else {
        const filtered = await search({ source: 'us-state', [param]: value });
        expect(filtered.total, `${param}=${value}`).toBe(expected);
      }
    }
  });

  it('ORs values of one facet, ANDs facets, and keeps counts for other values of a selected facet', async () => {
    const all = await search({ source: 'us-state' });
    const [a, b] = all.facets.country;
    const union = await search({ source: 'us-state', country: [a!.value, b!.value] });
    const onlyA = await search({ source: 'us-state', country: a!.value });
    const both = await allIds({ source: 'us-state', country: a!.value, q: '' });
    expect(union.total).toBeGreaterThanOrEqual(Math.max(a!.count, b!.count));
    expect(union.total).toBeLessThanOrEqual(a!.count + b!.count);
    expect(onlyA.total).toBe(a!.count);
    expect(both.length).toBe(a!.count);
    // Disjunctive counts: with A selected, B's count is still what selecting B alone would give.
    expect(onlyA.facets.country.find((f) => f.value === b!.value)?.count).toBe(b!.count);
    expect(onlyA.hits.every((h) => h.countries.includes(a!.value))).toBe(true);
  });

  it('labels facets in the requested locale', async () => {
    const ru = await search({ source: 'us-state', locale: 'ru' });
    const us = ru.facets.country.find((f) => f.value === 'US');
    expect(us?.label).toBe('Соединенные Штаты');
    expect(ru.facets.source.find((f) => f.value === 'us-state')?.label).toBe(
      'Государственный департамент США',
    );
  });

  it('honours a date range, both ends included', async () => {
    const from = '2022-03-01';
    const to = '2022-03-31';
    const expected = corpus.filter((r) => r.published >= from && r.published < '2022-04-01');
    const ids = await allIds({ source: 'us-state', from, to });
    expect(ids.sort()).toEqual(expected.map((r) => releaseIdFor(r.url)).sort());
  });

  it('honours each sort order', async () => {
    const desc = await search({ q: 'Ukraine', sort: 'date_desc', perPage: '50' });
    const asc = await search({ q: 'Ukraine', sort: 'date_asc', perPage: '50' });
    const times = (r: typeof desc) => r.hits.map((h) => Date.parse(h.published ?? ''));
    expect(times(desc)).toEqual([...times(desc)].sort((x, y) => y - x));
    expect(times(asc)).toEqual([...times(asc)].sort((x, y) => x - y));
    expect(desc.total).toBe(asc.total);
    const relevance = await search({ q: 'Ukraine', sort: 'relevance', perPage: '5' });
    expect(relevance.hits[0]?.title).toMatch(/Ukraine/);
  });

  it('pages through a query with no duplicates and no gaps', async () => {
    for (const perPage of ['7', '100']) {
      const ids: string[] = [];
      let total = 0;
      for (let page = 1; ; page++) {
        const result = await search({ q: 'minister', perPage, page: String(page) });
        total = result.total;
        ids.push(...result.hits.map((h) => h.id));
        if (result.hits.length === 0 || page >= result.totalPages) break;
        if (page > 60) break;
      }
      if (perPage === '100') {
        expect(ids.length).toBe(total);
        expect(new Set(ids).size).toBe(total);
      } else {
        expect(new Set(ids).size).toBe(ids.length);
      }
    }
  });

  it('never widens results with hostile filter values', async () => {
    const kz = await search({ source: 'us-state', country: 'KZ' });
    const hostileValues: [string, string][] = [
      ['country', 'KZ" OR lang = "en'],
      ['country', 'KZ OR 1=1'],
      ['source', 'us-state" OR source EXISTS OR source = "x'],
      ['minister', 'x" OR countries EXISTS OR ministers = "y'],
      ['lang', 'en") OR (lang = "ru'],
    ];
    for (const hostile of hostileValues) {
      const qs = new URLSearchParams([hostile]);
      const { status, body } = await api(`/api/search?${qs}`);
      expect(status, JSON.stringify(hostile)).toBe(400);
      expect(errorResponseSchema.parse(body).error.code).toBe('INVALID_PARAMETER');
    }
    expect((await search({ source: 'us-state', country: 'KZ' })).total).toBe(kz.total);
  });
});

describe('parameters and errors', () => {
  it('names the known sources when a source is unknown, and takes a language with no releases yet', async () => {
    const unknown = await api('/api/search?source=nope');
    expect(errorResponseSchema.parse(unknown.body).error.message).toMatch(/known ones: .*us-state/);
    const french = await api('/api/search?lang=fr');
    expect(french.status).toBe(200);
    expect((french.body as { total: number }).total).toBe(0);
  });

  it.each([
    ['country=XX', 'country', 'XX'],
    ['country=KZ%22%20OR%20lang%20%3D%20%22en', 'country', 'KZ" OR lang = "en'],
    ['minister=Wang%20Yi', 'minister', 'Wang Yi'],
    ['minister=nobody-at-all', 'minister', 'nobody-at-all'],
    ['source=US_STATE', 'source', 'US_STATE'],
    ['lang=english', 'lang', 'english'],
    ['lang=xx', 'lang', 'xx'],
    ['source=no-such-ministry', 'source', 'no-such-ministry'],
    ['source=us-state&source=nope', 'source', 'nope'],
    ['from=2023-02-30', 'from', '2023-02-30'],
    ['to=tomorrow', 'to', 'tomorrow'],
    ['from=2024-01-01&to=2023-01-01', 'from', '2024-01-01'],
    ['sort=newest', 'sort', 'newest'],
    ['page=0', 'page', '0'],
    ['page=abc', 'page', 'abc'],
    ['perPage=1000', 'perPage', '1000'],
    ['q=a&q=b', 'q', ['a', 'b']],
    ['locale=fr%3Cscript%3E', 'locale', 'fr<script>'],
    [`q=${'x'.repeat(401)}`, 'q', 'x'.repeat(401)],
    ['perPage=101', 'perPage', '101'],
    ['page=200&perPage=100', 'page', '200'],
    ['contry=KZ', 'contry', 'KZ'],
  ])('GET /api/search?%s → 400 naming %s', async (query, param, value) => {
    const { status, body } = await api(`/api/search?${query}`);
    expect(status).toBe(400);
    const error = errorResponseSchema.parse(body).error;
    expect(error.code).toBe('INVALID_PARAMETER');
    expect(error.message).toContain(`"${param}"`);
    expect(error.details).toContainEqual(expect.objectContaining({ param, value }));
  });

  it('serves a release by id, 404 for an unknown id, 400 for a malformed one', async () => {
    const record = corpus[5]!;
    const ok = await api(`/api/releases/${releaseIdFor(record.url)}`);
    expect(ok.status).toBe(200);
    const release = releaseResponseSchema.parse(ok.body);
    expect(release.title).toBe(record.title);
    expect(release.body.length).toBeGreaterThan(100);
    expect(release.body).not.toContain('<p>');
    const missing = await api(`/api/releases/${'0'.repeat(32)}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('RELEASE_NOT_FOUND');
    const bad = await api('/api/releases/not-an-id');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('"id"');
  });

  it('answers 503 SEARCH_NOT_READY while the index does not exist', async () => {
    const missing = await listen(
      createApp({
        search: new SearchService(client, `${uid}-missing`),
        settingsApplied: () => false,
      }),
    );
    try {
      const { status, body } = await getJson(`${missing.baseUrl}/api/search?q=x`);
      expect(status).toBe(503);
      expect(body.error.code).toBe('SEARCH_NOT_READY');
      const ready = await getJson(`${missing.baseUrl}/api/ready`);
      expect(ready.status).toBe(503);
      expect(ready.body.checks).toEqual({ meilisearch: true, settings: false });
    } finally {
      await missing.close();
    }
  });

  it('answers unknown routes with a JSON 404', async () => {
    const { status, body } = await api('/api/nothing-here');
    expect(status).toBe(404);
    expect(body.error.code).toBe('NOT_FOUND');
  });

  it('reports health and readiness', async () => {
    expect((await api('/api/health')).body.status).toBe('ok');
    const ready = await api('/api/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { meilisearch: true, settings: true } });
  });

  it('publishes an OpenAPI document that matches the validation, and readable docs', async () => {
    const { status, body } = await api('/api/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\./);
    const params = body.paths['/api/search'].get.parameters.map((p: { name: string }) => p.name);
    expect(params.sort()).toEqual(
      [
        'q',
        'country',
        'minister',
        'source',
        'lang',
        'from',
        'to',
        'sort',
        'page',
        'perPage',
        'locale',
        'distinct',
      ].sort(),
    );
    const perPage = body.paths['/api/search'].get.parameters.find(
      (p: { name: string }) => p.name === 'perPage',
    );
    expect(perPage.schema.maximum).toBe(100);
    const docs = await fetch(`${server.baseUrl}/api/docs`);
    expect(docs.headers.get('content-type')).toContain('text/html');
    const html = await docs.text();
    for (const path of [
      '/api/search',
      '/api/facets/{facet}',
      '/api/releases/{id}',
      '/api/health',
      '/api/ready',
    ])
      expect(html).toContain(path);
  });

  it('shows a home page with the number of releases', async () => {
    const response = await fetch(`${server.baseUrl}/`);
    const html = await response.text();
    const count = (await client.index(uid).getStats()).numberOfDocuments;
    expect(html).toContain(`<strong>${count.toLocaleString('en')}</strong> releases are indexed`);
    expect(html).toContain('href="/api/docs"');
  });
});
