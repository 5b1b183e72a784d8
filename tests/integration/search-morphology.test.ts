/**
 * Search that understands Russian, Kazakh and English forms, names across
 * scripts, one hit per release, the date histogram and cropped hits —
 * against a real index of real releases plus a few written for the case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PressRelease } from '../../src/domain/release.js';
import { releaseResponseSchema, searchResponseSchema } from '../../src/http/schemas.js';
import { releaseFromLine } from '../../src/ingest/jsonl.js';
import { type SearchFixture, startSearchFixture } from '../helpers/search-app.js';

let fx: SearchFixture;
let seed: PressRelease;

function release(
  url: string,
  title: string,
  text: string,
  lang: string,
  extra: Partial<PressRelease> = {},
): PressRelease {
  const made = releaseFromLine(
    { url, title, text, published: '2024-03-05T10:00:00Z', lang, source: 'kz-mfa' },
    {},
    '2024-03-05T12:00:00Z',
  );
  return { ...made, ...extra };
}

const written = [
  release(
    'https://example.org/glacier-exact',
    'Ледниковая стабильность',
    'Обсуждалась ледниковая стабильность региона.',
    'ru',
  ),
  release(
    'https://example.org/glacier-form',
    'О ледниковой стабильности',
    'Говорили о ледниковой стабильности и водах.',
    'ru',
  ),
  release(
    'https://example.org/glacier-apart',
    'Ледниковая зона',
    'Ледниковая зона и стабильность цен на воду.',
    'ru',
  ),
  release(
    'https://example.org/kk-forms',
    'Қазақстанның сыртқы саясаты',
    'Қазақстанның Сыртқы істер министрлері Қытаймен ынтымақтастығын талқылады.',
    'kk',
  ),
  release(
    'https://example.org/en-forms',
    'Quarterly negotiating rounds',
    'The delegations kept negotiating over glacier sanctions.',
    'en',
  ),
  // One release in three languages: one hit, in the query's or the locale's language.
  release(
    'https://example.org/tri-ru',
    'Торфяной меморандум подписан',
    'Стороны подписали торфяной меморандум.',
    'ru',
    { translationGroup: 'tri-group' },
  ),
  release(
    'https://example.org/tri-kk',
    'Шымтезек меморандумы торфяной',
    'Тараптар торфяной меморандумға қол қойды.',
    'kk',
    { translationGroup: 'tri-group' },
  ),
  release(
    'https://example.org/tri-en',
    'Peat memorandum signed торфяной',
    'The sides signed the peat memorandum (торфяной).',
    'en',
    { translationGroup: 'tri-group' },
  ),
  release(
    'https://example.org/huge',
    `Zyxwv ${'headline '.repeat(2000)}`,
    `Zyxwv ${'paragraph text '.repeat(15_000)}`,
    'en',
  ),
];

async function search(params: Record<string, string>) {
  const { status, body } = await fx.api(`/api/search?${new URLSearchParams(params)}`);
  expect(status, JSON.stringify(body).slice(0, 500)).toBe(200);
  return searchResponseSchema.parse(body);
}

const ids = async (q: string, extra: Record<string, string> = {}) =>
  (await search({ q, perPage: '20', ...extra })).hits.map((h) => h.id);

const idOf = (url: string) => written.find((r) => r.url === url)?.id;

beforeAll(async () => {
  fx = await startSearchFixture('search-morphology', { limitPerPart: 20, extra: written });
  seed = fx.corpus.find((c) => c.key.startsWith('fixture:'))!.release;
}, 300_000);

afterAll(async () => {
  await fx?.close();
});

describe('inflection', () => {
  it('finds the seed release by the dictionary form of words it inflects', async () => {
    expect(await ids('энергетическая безопасность')).toContain(seed.id);
  });

  it('ranks the exact forms first and finds the other forms', async () => {
    const found = await ids('ледниковая стабильность');
    expect(found[0]).toBe(idOf('https://example.org/glacier-exact'));
    expect(found).toContain(idOf('https://example.org/glacier-form'));
  });

  it('matches a quoted phrase as a phrase, in any form', async () => {
    const found = await ids('"ледниковая стабильность"');
    expect(found).toContain(idOf('https://example.org/glacier-form'));
    expect(found).not.toContain(idOf('https://example.org/glacier-apart'));
  });

  it('strips Kazakh suffix chains: Қазақстан Қытай министр', async () => {
    expect(await ids('Қазақстан Қытай министр ынтымақтастық')).toContain(
      idOf('https://example.org/kk-forms'),
    );
  });

  it('finds English plurals and -ing forms', async () => {
    const id = idOf('https://example.org/en-forms');
    expect(await ids('negotiate sanction')).toContain(id);
    expect(await ids('round')).toContain(id);
  });

  it('highlights the words as they stand in the text, never the stems', async () => {
    const hit = (await search({ q: 'ледниковая стабильность', perPage: '3' })).hits.find(
      (h) => h.id === idOf('https://example.org/glacier-form'),
    );
    expect(hit?.titleHtml).toBe('О <mark>ледниковой</mark> <mark>стабильности</mark>');
    expect(hit?.snippet).toContain('<mark>ледниковой</mark> <mark>стабильности</mark>');
  });
});

describe('names across scripts', () => {
  it.each(['КНР', 'Китай', 'China', '中国', 'ҚХР', 'Қытай'])(
    '"%s" finds the seed release (its facet holds CN, its text says Китай)',
    async (q) => {
      const result = await search({ q, perPage: '100', source: 'kz-mfa' });
      expect(result.hits.map((h) => h.id)).toContain(seed.id);
      expect(
        result.hits.every((h) => h.countries.includes('CN') || h.snippet.includes('<mark>')),
      ).toBe(true);
    },
  );

  it.each(['Нуртлеу', 'Нұртілеу', 'Nurtleu', 'Nurtleuu', 'Мурат Нуртлеу', 'Nurtleu Қытай'])(
    '"%s" finds the seed release naming Нуртлеу',
    async (q) => {
      expect(await ids(q, { source: 'kz-mfa', perPage: '50' })).toContain(seed.id);
    },
  );

  it('a misspelt minister name finds the minister ("Лавроф")', async () => {
    const result = await search({ q: 'Лавроф', perPage: '10' });
    expect(result.total).toBeGreaterThan(0);
    expect(result.hits[0]?.ministers).toContain('sergey-lavrov');
  });

  it('a dateline in another script: Chengdu finds the release datelined Чэнду', async () => {
    expect(seed.dateline).toBe('Чэнду');
    expect(await ids('Chengdu')).toContain(seed.id);
  });
});

describe('bad input', () => {
  it('answers a query of only stop words or punctuation like an empty one', async () => {
    const empty = await search({});
    for (const q of ['и в на', 'the of and', '!!! ... ---', '"" «»']) {
      const result = await search({ q });
      expect(result.total, q).toBe(empty.total);
      expect(result.hits[0]?.id).toBe(empty.hits[0]?.id);
    }
  });

  it('searches a query mixing scripts word by word', async () => {
    expect(await ids('Nurtleu 中国 энергетическая')).toContain(seed.id);
  });

  it('accepts a date-time "from" and a date "to" of the same day', async () => {
    const result = await search({ from: '2024-03-05T09:00:00Z', to: '2024-03-05' });
    expect(result.hits.map((h) => h.id)).toContain(idOf('https://example.org/glacier-exact'));
  });
});

describe('one hit per release', () => {
  const group = [
    'https://example.org/tri-ru',
    'https://example.org/tri-kk',
    'https://example.org/tri-en',
  ];

  it('shows a release in three languages once, with links to the other two', async () => {
    const result = await search({ q: 'торфяной', locale: 'ru' });
    const hits = result.hits.filter((h) => group.map(idOf).includes(h.id));
    expect(hits).toHaveLength(1);
    expect(hits[0]?.lang).toBe('ru');
    expect(hits[0]?.translations.map((t) => t.lang)).toEqual(['en', 'kk']);
    expect(hits[0]?.translations.map((t) => t.url).sort()).toEqual([group[1], group[2]].sort());
  });

  it('picks the version in the query’s language, else the locale’s', async () => {
    expect((await search({ q: 'торфяной', locale: 'kk' })).hits[0]?.lang).toBe('kk');
    expect((await search({ q: 'memorandum торфяной' })).hits[0]?.lang).toBe('en');
  });

  it('shows every version with distinct=off, and counts agree with the hits', async () => {
    const all = await search({ q: 'торфяной', distinct: 'off' });
    expect(all.hits.filter((h) => group.map(idOf).includes(h.id))).toHaveLength(3);
    const one = await search({ q: 'торфяной' });
    expect(one.total).toBe(all.total - 2);
    const langCount = one.facets.lang.reduce((sum, f) => sum + f.count, 0);
    expect(langCount).toBe(one.total);
  });
});

describe('counts agree with the hits once a value is picked', () => {
  it('counts releases, not language versions, in the counts of a selected facet', async () => {
    const versions = await search({ q: 'торфяной', source: 'kz-mfa', distinct: 'off' });
    const picked = await search({ q: 'торфяной', source: 'kz-mfa' });
    // The three versions of one release are one hit…
    expect(picked.total).toBe(versions.total - 2);
    // …and one in the count the selected facet shows, as with nothing selected.
    expect(picked.facets.source.find((f) => f.value === 'kz-mfa')?.count).toBe(picked.total);
  });
});

describe('histogram and cropped hits', () => {
  it('counts the current results by month, in time order, and by year', async () => {
    const result = await search({ q: 'министр' });
    const months = result.facets.month.map((m) => m.value);
    expect(months.length).toBeGreaterThan(1);
    expect(months).toEqual([...months].sort());
    for (const m of result.facets.month) expect(m.value).toMatch(/^\d{4}-\d{2}$/);
    const byYear = new Map<string, number>();
    for (const m of result.facets.month)
      byYear.set(m.value.slice(0, 4), (byYear.get(m.value.slice(0, 4)) ?? 0) + m.count);
    for (const y of result.facets.year) expect(byYear.get(y.value)).toBe(y.count);
    const ru = await search({ q: 'министр', locale: 'ru' });
    expect(ru.facets.month[0]?.label).toMatch(/\d{4}/);
  });

  it('never returns a whole oversized text in a hit; the release itself keeps it', async () => {
    const result = await search({ q: 'Zyxwv' });
    const hit = result.hits.find((h) => h.id === idOf('https://example.org/huge'));
    expect(hit).toBeDefined();
    expect(hit!.snippet.length).toBeLessThan(1000);
    expect(hit!.title.length).toBeLessThan(1000);
    const { body } = await fx.api(`/api/releases/${hit!.id}`);
    // The stored body is capped at normalization (BODY_TRUNCATED), still far beyond a hit's crop.
    expect(releaseResponseSchema.parse(body).body.length).toBeGreaterThan(150_000);
  });
});
