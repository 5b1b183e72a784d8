/**
 * Precision and recall of country and minister extraction over two
 * hand-labelled sets, per language: the tuning set in tests/fixtures/labelled/
 * (the extractor was tuned on it) and the held-out set in tests/fixtures/heldout/
 * (labelled by someone who did not build the extractor, from texts outside the
 * tuning set, and not looked at while the extractor was built). Prints the
 * figures; fails below each set's floors.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../crawler/crawl/decode.js';
import { htmlToText } from '../../crawler/normalize/clean-html.js';
import { normalizeWithSource } from '../../crawler/sources/index.js';
import { extractEntities } from '../../src/entities/index.js';
import { splitDateStamp } from '../../src/ingest/jsonl.js';
import { readJsonLines, readNewsTexts, readStateDept } from '../helpers/corpus.js';
import { sharedPath } from '../helpers/shared.js';

interface Floors {
  countries: { precision: number; recall: number };
  ministers: { precision: number; recall: number };
}

/** The aim of issue 12: 0.97 for all four, on every set. */
const AIM = 0.97;
const TUNING_FLOORS: Floors = {
  countries: { precision: AIM, recall: AIM },
  ministers: { precision: AIM, recall: AIM },
};

/**
 * The first held-out set (98 texts, ru kk en zh). First run against the finished
 * extractor: countries P 0.986 R 0.993, ministers P 0.983 R 0.899. It has been
 * looked at since, so it guards against regressions more than it measures:
 * countries P 1.000 R 0.993, ministers P 1.000 R 0.977 now.
 */
const HELDOUT_FLOORS: Floors = {
  countries: { precision: AIM, recall: AIM },
  ministers: { precision: AIM, recall: AIM },
};

/**
 * The second held-out set (65 texts, en zh; a seeded random sample, labelled blind).
 * First run, before anything was changed for it: countries P 0.995 R 0.964,
 * ministers P 1.000 R 0.795 (0.744 on the extractor of the session before). After
 * the gazetteer review and additions (made from public pages, without these texts)
 * and general fixes prompted by the kinds of its misses: countries P 0.995 R 1.000,
 * ministers P 1.000 R 0.974.
 */
const HELDOUT2_FLOORS: Floors = {
  countries: { precision: AIM, recall: AIM },
  ministers: { precision: AIM, recall: AIM },
};

type Ref =
  | { corpus: 'mfa-news-ru-kk'; id: string }
  | { corpus: 'state-dept'; url: string }
  | { site: string; path: string }
  | { fixture: string };

interface Labelled {
  ref: Ref;
  lang: string;
  date?: string | null;
  countries: string[];
  ministers: { id: string; name: string; country: string; role?: string }[];
}

const fixtures = path.resolve(import.meta.dirname, '../fixtures');
const news = new Map(readNewsTexts().map((n) => [n.id, n]));
const stateDept = new Map(readStateDept().map((r) => [r.url, r]));

interface Sample {
  text: string;
  /** The text's date as the pipeline knows it (passed to the extractor), if any. */
  date: string | undefined;
}

// Captures whose manifest records no time: the date of the commit they were
// taken from (shared/sites/README.md).
const CAPTURED: Record<string, string> = { 'mfa.gov.by': '2022-03-28T00:00:00Z' };

/** When a site's page was fetched (or, where the capture does not say, published). */
function fetchTime(site: string, page: string): string {
  const manifest = readJsonLines<{ path: string; fetched_at?: string | null; published?: string }>(
    sharedPath('sites', site, '_manifest.jsonl'),
  );
  const entry = manifest.find((m) => m.path === page);
  const time = entry?.fetched_at ?? entry?.published ?? CAPTURED[site];
  if (!time) throw new Error(`${site}/${page}: the manifest gives no fetch time`);
  return time;
}

/** The text the labels were made on, as the pipeline sees it, and its date. */
function sampleOf(entry: Labelled): Sample {
  const ref = entry.ref;
  if ('corpus' in ref && ref.corpus === 'mfa-news-ru-kk') {
    // The date stamp read as the import reads it, leading blanks and all.
    const { published, text } = splitDateStamp(news.get(ref.id)?.text ?? '');
    return { text, date: published?.slice(0, 10) };
  }
  if ('corpus' in ref && ref.corpus === 'state-dept') {
    const record = stateDept.get(ref.url);
    if (!record) return { text: '', date: undefined };
    return { text: `${record.title}\n\n${htmlToText(record.html)}`, date: record.published };
  }
  if ('site' in ref) {
    const file = sharedPath('sites', ref.site, ref.path);
    const sourceId = ref.site === 'www.fmprc.gov.cn' ? 'cn-mfa' : ref.site.replace(/\./g, '-');
    const outcome = normalizeWithSource({
      sourceId,
      url: `https://${ref.site}/${ref.path}`,
      format: 'html',
      // Bytes decoded as the crawler does (mfa.gov.by is windows-1251).
      text: decodeBody(readFileSync(file)).text,
      langHint: entry.lang,
      fetchedAt: fetchTime(ref.site, ref.path),
    });
    if (!outcome.ok) throw new Error(`${ref.site}/${ref.path}: ${outcome.code} ${outcome.reason}`);
    return {
      text: `${outcome.release.title}\n\n${outcome.release.body}`,
      date: outcome.release.published ?? undefined,
    };
  }
  return { text: readFileSync(sharedPath('fixtures', ref.fixture), 'utf8'), date: undefined };
}

interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  misses: string[];
  extras: string[];
}

const empty = (): Score => ({
  truePositives: 0,
  falsePositives: 0,
  falseNegatives: 0,
  misses: [],
  extras: [],
});

function score(into: Score, where: string, expected: string[], found: string[]) {
  const want = new Set(expected);
  const got = new Set(found);
  for (const x of got) {
    if (want.has(x)) into.truePositives++;
    else {
      into.falsePositives++;
      into.extras.push(`${where}:${x}`);
    }
  }
  for (const x of want) {
    if (!got.has(x)) {
      into.falseNegatives++;
      into.misses.push(`${where}:${x}`);
    }
  }
}

const precision = (s: Score) => s.truePositives / (s.truePositives + s.falsePositives || 1);
const recall = (s: Score) => s.truePositives / (s.truePositives + s.falseNegatives || 1);

interface Figures {
  texts: number;
  countries: Score;
  ministers: Score;
  /** Ministers found and labelled whose role agrees with the label's. */
  roles: { right: number; of: number };
}

function measure(entries: Labelled[]): Map<string, Figures> {
  const byLang = new Map<string, Figures>();
  const get = (lang: string): Figures => {
    let f = byLang.get(lang);
    if (!f) {
      f = { texts: 0, countries: empty(), ministers: empty(), roles: { right: 0, of: 0 } };
      byLang.set(lang, f);
    }
    return f;
  };
  for (const entry of entries) {
    const { text, date } = sampleOf(entry);
    const where = JSON.stringify(entry.ref).replace(/[{}"]/g, '');
    const found = extractEntities(text, { lang: entry.lang, date });
    for (const f of [get(entry.lang), get('all')]) {
      f.texts++;
      score(f.countries, where, entry.countries, found.countries);
      score(
        f.ministers,
        where,
        entry.ministers.map((m) => m.id),
        found.ministers.map((m) => m.id),
      );
      for (const m of entry.ministers) {
        const got = found.ministers.find((x) => x.id === m.id);
        if (!got || m.role === undefined) continue;
        f.roles.of++;
        if (got.role === m.role) f.roles.right++;
      }
    }
  }
  return byLang;
}

function report(name: string, byLang: Map<string, Figures>): string {
  const line = (lang: string, f: Figures) =>
    [
      `  ${lang.padEnd(4)} ${String(f.texts).padStart(3)} texts`,
      `countries P ${precision(f.countries).toFixed(3)} R ${recall(f.countries).toFixed(3)}`,
      `ministers P ${precision(f.ministers).toFixed(3)} R ${recall(f.ministers).toFixed(3)}`,
      `(${f.ministers.truePositives} right, ${f.ministers.falsePositives} extra, ${f.ministers.falseNegatives} missed)`,
      `roles ${f.roles.right}/${f.roles.of}`,
    ].join('  ');
  const langs = [...byLang.keys()].filter((l) => l !== 'all').sort();
  const all = byLang.get('all') as Figures;
  return [
    `Entity accuracy, ${name} set:`,
    ...langs.map((l) => line(l, byLang.get(l) as Figures)),
    line('all', all),
    process.env.ACCURACY_DETAILS
      ? [
          `  country extras: ${all.countries.extras.join(', ')}`,
          `  country misses: ${all.countries.misses.join(', ')}`,
          `  minister extras: ${all.ministers.extras.join(', ')}`,
          `  minister misses: ${all.ministers.misses.join(', ')}`,
        ].join('\n')
      : '  (set ACCURACY_DETAILS=1 to list every extra and miss)',
  ].join('\n');
}

function readSet(dir: string): Labelled[] {
  const folder = path.join(fixtures, dir);
  if (!existsSync(folder)) throw new Error(`the labelled set ${folder} is missing`);
  return readdirSync(folder)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) => readJsonLines<Labelled>(path.join(folder, f)));
}

function checkSet(
  name: string,
  entries: Labelled[],
  floors: Floors,
  languages: readonly string[] = ['ru', 'kk', 'en', 'zh'],
) {
  describe(`entity extraction accuracy on the ${name} set`, () => {
    const byLang = measure(entries);
    console.log(report(name, byLang));
    const all = byLang.get('all') as Figures;

    it(`has texts in ${languages.join(', ')}, each with its text at hand`, () => {
      for (const lang of languages)
        expect(
          entries.some((e) => e.lang === lang),
          lang,
        ).toBe(true);
      for (const entry of entries) {
        expect(sampleOf(entry).text.length, JSON.stringify(entry.ref)).toBeGreaterThan(100);
      }
    });

    it('finds countries above the floor', () => {
      expect(precision(all.countries)).toBeGreaterThanOrEqual(floors.countries.precision);
      expect(recall(all.countries)).toBeGreaterThanOrEqual(floors.countries.recall);
    });

    it('finds ministers above the floor', () => {
      expect(precision(all.ministers)).toBeGreaterThanOrEqual(floors.ministers.precision);
      expect(recall(all.ministers)).toBeGreaterThanOrEqual(floors.ministers.recall);
    });
  });
}

const tuning = readSet('labelled');
checkSet('tuning', tuning, TUNING_FLOORS);
checkSet('held-out', readSet('heldout'), HELDOUT_FLOORS);
checkSet('held-out 2', readSet('heldout2'), HELDOUT2_FLOORS, ['en', 'zh']);

describe('the tuning set', () => {
  it('has at least 80 texts, 40 Russian and 10 Kazakh among them', () => {
    expect(tuning.length).toBeGreaterThanOrEqual(80);
    expect(tuning.filter((l) => l.lang === 'ru').length).toBeGreaterThanOrEqual(40);
    expect(tuning.filter((l) => l.lang === 'kk').length).toBeGreaterThanOrEqual(10);
  });
});

describe('the seed release', () => {
  it('gives KZ and CN, Nurtleu and Wang Yi, dateline Чэнду, 1 December', () => {
    const text = readFileSync(sharedPath('fixtures', 'kazakhstan-today-seed.txt'), 'utf8');
    const outcome = normalizeWithSource({
      sourceId: 'kz-mfa',
      url: 'https://example.org/seed',
      format: 'text',
      text,
      langHint: 'ru',
      fetchedAt: '2026-11-28T00:00:00Z',
    });
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.release.countries).toEqual(['CN', 'KZ']);
    expect(outcome.ministers.map((m) => [m.id, m.country])).toEqual([
      ['murat-nurtleu', 'KZ'],
      ['wang-yi', 'CN'],
    ]);
    expect(outcome.release.dateline).toBe('Чэнду');
    expect(outcome.dateFound).toMatchObject({ day: 1, month: 12, year: null });
    // No year anywhere in the text and no fetch time: the date is flagged, not invented.
    expect(outcome.release.published).toBeNull();
    expect(outcome.warnings.map((w) => w.code)).toContain('DATE_UNKNOWN');
  });
});
