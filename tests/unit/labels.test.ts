/**
 * Checks the three hand-labelled gold sets (tuning, held-out and the second,
 * blind held-out set) as data: every line parses, every reference resolves to
 * a real text under the shared folder, codes and ids are well formed and
 * consistent across all files, no text is in two sets, and each README's
 * language counts match its file. It never looks at what an
 * extractor makes of the texts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import countries from 'i18n-iso-countries';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sharedPath } from '../helpers/shared.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
const LANGS = ['ru', 'kk', 'en', 'zh'] as const;
type Lang = (typeof LANGS)[number];

const isoDate = z.iso.date();
const ministerSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id must be a lowercase ASCII slug'),
  name: z.string().min(1),
  country: z.string(),
  role: z
    .string()
    .regex(/^([a-z]+-)*minister$/, 'role must be "minister" or "<portfolio>-minister"'),
});
const refSchema = z.union([
  z.strictObject({ corpus: z.literal('mfa-news-ru-kk'), id: z.string().regex(/^n-\d{4}$/) }),
  z.strictObject({ corpus: z.literal('state-dept'), url: z.url() }),
  z.strictObject({ site: z.string().min(1), path: z.string().min(1) }),
  z.strictObject({ fixture: z.string().min(1) }),
]);
const lineSchema = z.strictObject({
  ref: refSchema,
  lang: z.enum(LANGS),
  date: isoDate.nullable(),
  countries: z.array(z.string()),
  ministers: z.array(ministerSchema),
  notes: z.string().min(1),
});
type Line = z.infer<typeof lineSchema>;
type Ref = Line['ref'];

function readJsonl(file: string): unknown[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as unknown;
      } catch (err) {
        throw new Error(`${file}:${i + 1}: not JSON (${(err as Error).message})`);
      }
    });
}

type SetName = 'labelled' | 'heldout' | 'heldout2';

function loadLabels(set: SetName): Line[] {
  const file = path.join(fixtures, set, 'entities.jsonl');
  return readJsonl(file).map((raw, i) => {
    const parsed = lineSchema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`);
      throw new Error(`${set}/entities.jsonl:${i + 1}: ${issues.join('; ')}`);
    }
    return parsed.data;
  });
}

const sets = {
  labelled: loadLabels('labelled'),
  heldout: loadLabels('heldout'),
  heldout2: loadLabels('heldout2'),
};
const all = [...sets.labelled, ...sets.heldout, ...sets.heldout2];
const refKey = (ref: Ref) => JSON.stringify(ref);

/** Where each reference points: the text's language, and its source date if it has one. */
const corpus = new Map(
  readJsonl(sharedPath('corpus/mfa-news-ru-kk/texts.jsonl')).map((o) => {
    const t = o as { id: string; lang: string };
    return [t.id, t.lang];
  }),
);
const stateDept = new Map(
  readJsonl(sharedPath('corpus/state-dept/releases.jsonl')).map((o) => {
    const r = o as { url: string; published: string };
    return [r.url, r.published];
  }),
);
const manifests = new Map<string, Map<string, { kind: string; lang?: string | null }>>();
function manifestEntry(site: string, entryPath: string) {
  let m = manifests.get(site);
  if (!m) {
    m = new Map(
      readJsonl(sharedPath('sites', site, '_manifest.jsonl')).map((o) => {
        const e = o as { path: string; kind: string; lang?: string | null };
        return [e.path, e];
      }),
    );
    manifests.set(site, m);
  }
  return m.get(entryPath);
}

/** The language of the referenced text, or a message saying why it cannot be resolved. */
function resolve(ref: Ref): { lang: string } | { error: string } {
  if ('corpus' in ref && ref.corpus === 'mfa-news-ru-kk') {
    const lang = corpus.get(ref.id);
    return lang ? { lang } : { error: `no text ${ref.id} in mfa-news-ru-kk` };
  }
  if ('corpus' in ref) {
    return stateDept.has(ref.url) ? { lang: 'en' } : { error: `no release ${ref.url}` };
  }
  if ('fixture' in ref) {
    sharedPath('fixtures', ref.fixture);
    return { lang: 'ru' };
  }
  const entry = manifestEntry(ref.site, ref.path);
  if (!entry) return { error: `${ref.site}: no manifest entry for ${ref.path}` };
  if (entry.kind !== 'item')
    return { error: `${ref.site}/${ref.path} is a ${entry.kind}, not an item` };
  // mfa.gov.by's manifest has no lang field; its pages sit under a language folder.
  const lang = entry.lang ?? ref.path.split('/')[0];
  return lang ? { lang } : { error: `${ref.site}/${ref.path}: language unknown` };
}

/** ASCII slug of a Wikipedia title, as the READMEs define ids. */
function slugOf(title: string): string {
  return title
    .replace(/[øØ]/g, 'o')
    .replace(/[æÆ]/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[łŁ]/g, 'l')
    .replace(/ı/g, 'i')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/['’]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The "**total**" row of a README's counts table, columns ru, kk, en, zh, total. */
function readmeTotals(set: SetName): number[] {
  const readme = readFileSync(path.join(fixtures, set, 'README.md'), 'utf8');
  const row = readme.split('\n').find((l) => l.startsWith('| **total**'));
  if (!row) throw new Error(`${set}/README.md has no "| **total**" row`);
  return row
    .split('|')
    .slice(2, 7)
    .map((cell) => Number(cell.replace(/[^0-9]/g, '') || '0'));
}

function langCounts(lines: Line[]): Record<Lang, number> {
  const counts: Record<Lang, number> = { ru: 0, kk: 0, en: 0, zh: 0 };
  for (const l of lines) counts[l.lang] += 1;
  return counts;
}

describe.each(Object.entries(sets))('gold set %s', (set, lines) => {
  it('refers only to texts that exist, in the language the source gives', () => {
    const problems = lines.flatMap((l) => {
      const r = resolve(l.ref);
      if ('error' in r) return [r.error];
      return r.lang === l.lang ? [] : [`${refKey(l.ref)}: lang ${l.lang}, source says ${r.lang}`];
    });
    expect(problems).toEqual([]);
  });

  it('labels each text once', () => {
    const keys = lines.map((l) => refKey(l.ref));
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it('uses valid ISO 3166-1 alpha-2 codes, sorted and unique', () => {
    const problems = lines.flatMap((l) => {
      const bad = [...l.countries, ...l.ministers.map((m) => m.country)].filter(
        (c) => !/^[A-Z]{2}$/.test(c) || !countries.isValid(c),
      );
      const sorted = [...new Set(l.countries)].sort();
      const order = sorted.join() === l.countries.join() ? [] : [`not sorted/unique`];
      return [...bad.map((c) => `invalid code ${c}`), ...order].map(
        (p) => `${refKey(l.ref)}: ${p}`,
      );
    });
    expect(problems).toEqual([]);
  });

  it('names each minister once per text, with the id slugged from the name', () => {
    const problems = lines.flatMap((l) => {
      const ids = l.ministers.map((m) => m.id);
      const dup = ids.filter((id, i) => ids.indexOf(id) !== i).map((id) => `${id} twice`);
      const slugs = l.ministers
        .filter((m) => slugOf(m.name) !== m.id)
        .map((m) => `${m.id} is not the slug of "${m.name}" (${slugOf(m.name)})`);
      return [...dup, ...slugs].map((p) => `${refKey(l.ref)}: ${p}`);
    });
    expect(problems).toEqual([]);
  });

  it('dates State Department releases by their publication day in US Eastern time', () => {
    const eastern = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/New_York',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    const problems = lines.flatMap((l) => {
      if (!('corpus' in l.ref) || l.ref.corpus !== 'state-dept') return [];
      const published = stateDept.get(l.ref.url);
      const expected = published ? eastern.format(new Date(published)) : undefined;
      return l.date === expected ? [] : [`${l.ref.url}: date ${l.date}, published ${published}`];
    });
    expect(problems).toEqual([]);
  });

  it('states its language counts in the README', () => {
    const c = langCounts(lines);
    expect(readmeTotals(set as SetName)).toEqual([c.ru, c.kk, c.en, c.zh, lines.length]);
  });
});

describe('the gold sets together', () => {
  it('give each minister id one name and one country everywhere', () => {
    const seen = new Map<string, string>();
    const problems: string[] = [];
    for (const l of all) {
      for (const m of l.ministers) {
        const who = `${m.name} (${m.country})`;
        const before = seen.get(m.id);
        if (before !== undefined && before !== who) problems.push(`${m.id}: ${before} vs ${who}`);
        seen.set(m.id, who);
      }
    }
    expect(problems).toEqual([]);
  });

  it('hold no text in two sets', () => {
    const setOf = new Map<string, string>();
    const twice: string[] = [];
    for (const [set, lines] of Object.entries(sets))
      for (const l of lines) {
        const key = refKey(l.ref);
        const other = setOf.get(key);
        if (other !== undefined && other !== set) twice.push(`${key} in ${other} and ${set}`);
        setOf.set(key, set);
      }
    expect(twice).toEqual([]);
  });

  it('take no China MFA page whose other-language version is in an earlier set', () => {
    // The English and Chinese versions of a release carry the same date.
    const isFmprc = (l: Line) => 'site' in l.ref && l.ref.site === 'www.fmprc.gov.cn';
    const earlier = new Set(
      [...sets.labelled, ...sets.heldout].filter(isFmprc).map((l) => `${l.lang}|${l.date}`),
    );
    const twins = sets.heldout2
      .filter((l) => isFmprc(l) && l.date !== null)
      .filter((l) => earlier.has(`${l.lang === 'en' ? 'zh' : 'en'}|${l.date}`))
      .map((l) => refKey(l.ref));
    expect(twins).toEqual([]);
  });

  it('give the held-out set the size and language spread it promises', () => {
    const c = langCounts(sets.heldout);
    expect(sets.heldout.length).toBeGreaterThanOrEqual(64);
    expect(c.ru).toBeGreaterThanOrEqual(20);
    expect(c.en).toBeGreaterThanOrEqual(20);
    expect(c.zh).toBeGreaterThanOrEqual(10);
    // Kazakh texts exist only in mfa-news-ru-kk: the held-out set takes every one the tuning set left.
    const tuningIds = new Set(
      sets.labelled.flatMap((l) => ('corpus' in l.ref && 'id' in l.ref ? [l.ref.id] : [])),
    );
    const unusedKazakh = [...corpus].filter(([id, lang]) => lang === 'kk' && !tuningIds.has(id));
    expect(c.kk).toBe(unusedKazakh.length);
  });

  it('give the second held-out set the size and source spread it promises', () => {
    const origin = (l: Line) =>
      'corpus' in l.ref ? l.ref.corpus : 'site' in l.ref ? l.ref.site : 'fixture';
    const count = (o: string, lang: Lang) =>
      sets.heldout2.filter((l) => origin(l) === o && l.lang === lang).length;
    expect(sets.heldout2.length).toBeGreaterThanOrEqual(64);
    expect(count('state-dept', 'en')).toBeGreaterThanOrEqual(30);
    expect(count('www.fmprc.gov.cn', 'zh')).toBeGreaterThanOrEqual(20);
    expect(count('www.fmprc.gov.cn', 'en')).toBeGreaterThanOrEqual(10);
    // State Department releases span both years of the corpus (2021 and 2022).
    const years = new Set(
      sets.heldout2.filter((l) => origin(l) === 'state-dept').map((l) => l.date?.slice(0, 4)),
    );
    expect([...years].sort()).toEqual(['2021', '2022']);
  });
});
