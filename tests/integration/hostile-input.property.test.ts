/**
 * Hostile input, generated (fast-check): more than 10,000 parameter
 * combinations sent to /api/search and /api/releases/:id of a real API over
 * a real index of State Department and Russian/Kazakh/English releases.
 * Whatever arrives: never a 5xx, never a hang, an error always in the API's
 * shape, and never a hit outside the filters the request asked for.
 * Requests go in batches on loopback so the run stays short; a failing
 * batch is shrunk by fast-check to the request that breaks.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { Meilisearch } from 'meilisearch';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { releaseIdFor } from '../../src/domain/ids.js';
import { createApp } from '../../src/http/app.js';
import { SearchService } from '../../src/search/service.js';
import { newsImportLines, readStateDept } from '../helpers/corpus.js';
import { listen, type RunningServer } from '../helpers/http.js';
import { importThroughScratchArchive } from '../helpers/import.js';
import { createTestIndex, deleteIndex, testClient } from '../helpers/meili.js';

const BATCH = 50;
const SEARCH_RUNS = 110;
const RELEASE_RUNS = 95;
const TIMEOUT_MS = 15_000;

let client: Meilisearch;
let uid: string;
let dir: string;
let server: RunningServer;
let knownIds: string[] = [];
let sent = 0;
/** Search answers with hits under at least one filter: the filter check must have had work. */
let filteredHits = 0;
const statuses = new Map<number, number>();

beforeAll(async () => {
  client = testClient();
  uid = await createTestIndex(client, 'hostile');
  dir = await mkdtemp(path.join(tmpdir(), 'hostile-'));
  const stateDept = readStateDept().slice(0, 300);
  const news = newsImportLines(150, 900000);
  const file = path.join(dir, 'releases.jsonl');
  const lines = [...stateDept.map((r) => ({ ...r, source: 'us-state' })), ...news];
  await writeFile(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  const report = await importThroughScratchArchive(file, { client, indexUid: uid });
  expect(report.added).toBeGreaterThan(400);
  knownIds = lines.slice(0, 50).map((l) => releaseIdFor(l.url));
  server = await listen(
    createApp({ search: new SearchService(client, uid), settingsApplied: () => true }),
  );
}, 600_000);

afterAll(async () => {
  await server?.close();
  await deleteIndex(client, uid);
  await rm(dir, { recursive: true, force: true });
  // The property runs below must have sent what this file promises.
  expect(sent).toBeGreaterThanOrEqual(10_000);
  console.log(
    `hostile input: ${sent} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}, ${filteredHits} filtered answers with hits`,
  );
});

// ---- generators ---------------------------------------------------------------------------

/** Strings an attacker, a fuzzer or a confused client sends. */
const nasty = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '"',
    "'",
    '\\',
    '%',
    '%00',
    '\u0000',
    '*',
    '\u202e\u202d',
    '<script>alert(1)</script>',
    'KZ" OR lang = "en',
    'x" OR countries EXISTS OR ministers = "y',
    'en") OR (lang = "ru',
    "1' OR '1'='1",
    '_geoRadius(0, 0, 1)',
    'title_en = "x"',
    '__proto__',
    'constructor',
    '../../etc/passwd',
    '🇰🇿🇨🇳',
    '\ud800',
    'Лавров',
    '王毅',
    'Қазақстан',
    '9'.repeat(400),
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ maxLength: 600 }),
);

const COUNTRIES = ['KZ', 'CN', 'US', 'RU', 'UA', 'GB', 'kz', 'cn', 'XX', 'K', 'KAZ'];
const MINISTERS = ['antony-blinken', 'wang-yi', 'sergey-lavrov', 'murat-nurtleu', 'Wang Yi', 'x'];
const SOURCES = ['us-state', 'kz-mfa', 'cn-mfa', 'US_STATE', 'nowhere'];
const LANGS = ['en', 'ru', 'kk', 'zh', 'EN', 'english', 'fr'];

const dateValue = fc.oneof(
  fc
    .date({
      min: new Date('0000-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10)),
  fc
    .date({
      min: new Date('2010-01-01T00:00:00Z'),
      max: new Date('2030-12-31T23:59:59Z'),
      noInvalidDate: true,
    })
    .chain((d) =>
      fc
        .constantFrom('Z', '+05:00', '-08:00', '+14:00')
        .map((zone) => `${d.toISOString().slice(0, 19)}${zone}`),
    ),
  fc.constantFrom('2023-02-30', '2024-13-01', '0000-00-00', 'tomorrow', '2024-1-1', '1700000000'),
  nasty,
);

const numberValue = fc.oneof(
  fc.integer({ min: -5, max: 120 }).map(String),
  fc.constantFrom(
    '0',
    '-1',
    '1e3',
    '1.5',
    '0x10',
    'NaN',
    'Infinity',
    '99999999999999999999',
    '10000',
    '10001',
  ),
  nasty,
);

type Pair = [string, string];

const pair = (key: string, value: fc.Arbitrary<string>) => value.map((v): Pair => [key, v]);

const searchPair: fc.Arbitrary<Pair> = fc.oneof(
  {
    weight: 4,
    arbitrary: pair(
      'q',
      fc.oneof(fc.constantFrom('security', 'Kazakhstan', 'министр', 'climate change'), nasty),
    ),
  },
  { weight: 3, arbitrary: pair('country', fc.oneof(fc.constantFrom(...COUNTRIES), nasty)) },
  { weight: 2, arbitrary: pair('minister', fc.oneof(fc.constantFrom(...MINISTERS), nasty)) },
  { weight: 2, arbitrary: pair('source', fc.oneof(fc.constantFrom(...SOURCES), nasty)) },
  { weight: 2, arbitrary: pair('lang', fc.oneof(fc.constantFrom(...LANGS), nasty)) },
  { weight: 2, arbitrary: pair('from', dateValue) },
  { weight: 2, arbitrary: pair('to', dateValue) },
  {
    weight: 1,
    arbitrary: pair('sort', fc.oneof(fc.constantFrom('relevance', 'date_desc', 'date_asc'), nasty)),
  },
  { weight: 2, arbitrary: pair('page', numberValue) },
  { weight: 2, arbitrary: pair('perPage', numberValue) },
  {
    weight: 1,
    arbitrary: pair('locale', fc.oneof(fc.constantFrom('en', 'ru', 'kk', 'zh', 'fr'), nasty)),
  },
  { weight: 1, arbitrary: fc.tuple(nasty, nasty) },
);

/** Values that pass validation, so the filter check sees many answers with hits. */
const validDate = fc
  .date({
    min: new Date('2014-01-01T00:00:00Z'),
    max: new Date('2026-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .chain((d) =>
    fc.constantFrom(
      d.toISOString().slice(0, 10),
      `${d.toISOString().slice(0, 19)}Z`,
      `${d.toISOString().slice(0, 19)}+06:00`,
    ),
  );
const validPair: fc.Arbitrary<Pair> = fc.oneof(
  pair(
    'q',
    fc.oneof(
      fc.constantFrom('security', 'Kazakhstan', 'министр', 'sanctions', 'встреча'),
      fc.string({ maxLength: 20 }),
    ),
  ),
  pair('country', fc.constantFrom('KZ', 'CN', 'US', 'RU', 'UA', 'GB', 'kz', 'us', 'DE', 'FR')),
  pair('minister', fc.constantFrom('antony-blinken', 'wang-yi', 'sergey-lavrov', 'murat-nurtleu')),
  pair('source', fc.constantFrom('us-state', 'kz-mfa', 'cn-mfa')),
  pair('lang', fc.constantFrom('en', 'ru', 'kk', 'zh')),
  pair('from', validDate),
  pair('to', validDate),
  pair('sort', fc.constantFrom('relevance', 'date_desc', 'date_asc')),
  pair('perPage', fc.integer({ min: 1, max: 100 }).map(String)),
);

/** A query string: encoded pairs, sometimes followed by raw, badly encoded bytes. */
const searchRequest = fc.record({
  pairs: fc.oneof(
    fc.array(searchPair, { maxLength: 8 }),
    // Each filter at most once here, so "from" stays before "to" more often than not.
    fc.uniqueArray(validPair, { maxLength: 4, selector: ([key]) => key }),
  ),
  raw: fc.option(
    fc.constantFrom(
      '&q=%',
      '&q=%zz',
      '&q=%E0%A4%A',
      '&country[]=KZ',
      '&country[0]=KZ',
      '&=&&=',
      '&q',
      '&%00=%00',
    ),
    { freq: 5 },
  ),
});

/** Percent-encodes any string for a path segment (lone surrogates become U+FFFD, as on the wire). */
const encodeSegment = (value: string) =>
  encodeURIComponent(Buffer.from(value, 'utf8').toString('utf8'));

const releaseRequest = fc.oneof(
  fc.constantFrom('0'.repeat(32), 'f'.repeat(32), 'A'.repeat(32)),
  fc.nat({ max: 49 }).map((i) => knownIds[i] ?? '0'.repeat(32)),
  nasty.filter((s) => s.length > 0).map(encodeSegment),
  fc.constantFrom('..%2F..%2Fetc%2Fpasswd', '%', '%zz', '%2e%2e', 'x/y', '%00'),
);

// ---- oracle ---------------------------------------------------------------------------------

interface Answer {
  url: string;
  status: number;
  body: any;
}

async function send(pathAndQuery: string): Promise<Answer> {
  const url = `${server.baseUrl}${pathAndQuery}`;
  sent++;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new Error(
      `no answer within ${TIMEOUT_MS} ms (a hang) for ${url}: ${(error as Error).message}`,
    );
  }
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`answer is not JSON (${response.status}) for ${url}: ${text.slice(0, 200)}`);
  }
  return { url, status: response.status, body };
}

function valuesOf(pairs: Pair[], key: string): string[] {
  return pairs.filter(([k]) => k === key).map(([, v]) => v);
}

/** The bound a date filter stands for: a whole day for a date alone. */
function bound(value: string, end: boolean): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value))
    return Date.parse(`${value}T${end ? '23:59:59.999' : '00:00:00.000'}Z`);
  return Date.parse(value);
}

function checkSearch(pairs: Pair[], answer: Answer): void {
  const where = `${answer.url} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`;
  expect(answer.status, where).toBeLessThan(500);
  if (answer.status !== 200) {
    expect(typeof answer.body?.error?.code, where).toBe('string');
    expect(typeof answer.body?.error?.message, where).toBe('string');
    return;
  }
  const { hits, total, perPage } = answer.body as { hits: any[]; total: number; perPage: number };
  expect(hits.length, where).toBeLessThanOrEqual(perPage);
  expect(total, where).toBeGreaterThanOrEqual(hits.length);
  const countries = valuesOf(pairs, 'country').map((c) => c.toUpperCase());
  const ministers = valuesOf(pairs, 'minister');
  const sources = valuesOf(pairs, 'source');
  const langs = valuesOf(pairs, 'lang');
  const from = valuesOf(pairs, 'from')[0];
  const to = valuesOf(pairs, 'to')[0];
  if (
    hits.length > 0 &&
    (countries.length || ministers.length || sources.length || langs.length || from || to)
  )
    filteredHits++;
  for (const hit of hits) {
    const about = `${where}\nhit ${JSON.stringify({ ...hit, snippet: undefined })}`;
    if (countries.length)
      expect(
        hit.countries.some((c: string) => countries.includes(c)),
        about,
      ).toBe(true);
    if (ministers.length)
      expect(
        hit.ministers.some((m: string) => ministers.includes(m)),
        about,
      ).toBe(true);
    if (sources.length) expect(sources, about).toContain(hit.source);
    if (langs.length) expect(langs, about).toContain(hit.lang);
    if (from || to) {
      expect(hit.published, about).not.toBeNull();
      const seconds = Math.floor(Date.parse(hit.published) / 1000);
      if (from)
        expect(seconds, about).toBeGreaterThanOrEqual(Math.floor(bound(from, false) / 1000));
      if (to) expect(seconds, about).toBeLessThanOrEqual(Math.floor(bound(to, true) / 1000));
    }
  }
}

function checkRelease(encodedId: string, answer: Answer): void {
  const where = `${answer.url} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`;
  expect(answer.status, where).toBeLessThan(500);
  // A 200 can only be for a well-formed id, which needs no decoding.
  if (answer.status === 200) expect(answer.body.id, where).toBe(encodedId);
  else expect(typeof answer.body?.error?.code, where).toBe('string');
}

// ---- properties -----------------------------------------------------------------------------

it('answers every generated /api/search request without a 5xx, a hang or a hit outside its filters', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(searchRequest, { minLength: BATCH, maxLength: BATCH }),
      async (batch) => {
        const answers = await Promise.all(
          batch.map(({ pairs, raw }) =>
            send(`/api/search?${new URLSearchParams(pairs)}${raw ?? ''}`),
          ),
        );
        for (const [i, { pairs }] of batch.entries()) checkSearch(pairs, answers[i] as Answer);
      },
    ),
    { numRuns: SEARCH_RUNS },
  );
  // Not only rejections: many requests passed validation and returned filtered hits.
  expect(statuses.get(200) ?? 0).toBeGreaterThan(1500);
  expect(filteredHits).toBeGreaterThan(300);
}, 600_000);

it('answers every generated /api/releases/:id request without a 5xx or a hang', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(releaseRequest, { minLength: BATCH, maxLength: BATCH }),
      async (batch) => {
        const answers = await Promise.all(batch.map((id) => send(`/api/releases/${id}`)));
        for (const [i, id] of batch.entries()) checkRelease(id, answers[i] as Answer);
      },
    ),
    { numRuns: RELEASE_RUNS },
  );
  // Some generated ids are real: the property saw found releases, not only 404s.
  const found = await send(`/api/releases/${knownIds[0]}`);
  expect(found.status).toBe(200);
}, 600_000);
