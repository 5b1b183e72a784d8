/**
 * Precision and recall of country and minister extraction over the
 * hand-labelled set in tests/fixtures/labelled/ (labelled by reading, before
 * the extractor was tuned). Prints the figures; fails below the floors.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../crawler/normalize/clean-html.js';
import { normalizeItem } from '../../crawler/normalize/index.js';
import { extractEntities } from '../../src/entities/index.js';
import { fmprcDir, readJsonLines, readNewsTexts, readStateDept } from '../helpers/corpus.js';
import { sharedPath } from '../helpers/shared.js';

/** The floors the test holds: the aim of 0.95 for all four. */
const FLOOR = {
  countries: { precision: 0.95, recall: 0.95 },
  ministers: { precision: 0.95, recall: 0.95 },
};

type Ref =
  | { corpus: 'mfa-news-ru-kk'; id: string }
  | { corpus: 'state-dept'; url: string }
  | { site: 'www.fmprc.gov.cn'; path: string }
  | { fixture: string };

interface Labelled {
  ref: Ref;
  lang: string;
  countries: string[];
  ministers: { id: string; name: string; country: string }[];
}

const labelled = readJsonLines<Labelled>(
  path.resolve(import.meta.dirname, '../fixtures/labelled/entities.jsonl'),
);
const news = new Map(readNewsTexts().map((n) => [n.id, n]));
const stateDept = new Map(readStateDept().map((r) => [r.url, r]));

interface Sample {
  text: string;
  /** The year of the text when it is known (the pipeline passes it to the extractor). */
  year: number | undefined;
}

/** The text the labels were made on, as the pipeline sees it, and its year. */
function sampleOf(entry: Labelled): Sample {
  const ref = entry.ref;
  if ('corpus' in ref && ref.corpus === 'mfa-news-ru-kk') {
    const text = news.get(ref.id)?.text ?? '';
    const marker = /^date (\d{4})-/.exec(text);
    return { text, year: marker ? Number(marker[1]) : undefined };
  }
  if ('corpus' in ref && ref.corpus === 'state-dept') {
    const record = stateDept.get(ref.url);
    if (!record) return { text: '', year: undefined };
    return {
      text: `${record.title}\n\n${htmlToText(record.html)}`,
      year: new Date(record.published).getUTCFullYear(),
    };
  }
  if ('site' in ref) {
    const html = readFileSync(path.join(fmprcDir(), ref.path), 'utf8');
    const outcome = normalizeItem({
      sourceId: 'cn-mfa',
      url: `https://www.fmprc.gov.cn/${ref.path}`,
      format: 'html',
      text: html,
      langHint: entry.lang,
      fetchedAt: '2020-07-04T04:00:00Z',
    });
    if (!outcome.ok) throw new Error(`${ref.path}: ${outcome.code} ${outcome.reason}`);
    return {
      text: `${outcome.release.title}\n\n${outcome.release.body}`,
      year: outcome.release.year ?? undefined,
    };
  }
  return { text: readFileSync(sharedPath('fixtures', ref.fixture), 'utf8'), year: undefined };
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

describe('entity extraction accuracy on the labelled set', () => {
  const countries = empty();
  const ministers = empty();
  for (const entry of labelled) {
    const { text, year } = sampleOf(entry);
    const where = JSON.stringify(entry.ref).replace(/[{}"]/g, '');
    const found = extractEntities(text, { lang: entry.lang, year });
    score(countries, where, entry.countries, found.countries);
    score(
      ministers,
      where,
      entry.ministers.map((m) => m.id),
      found.ministers.map((m) => m.id),
    );
  }
  const figures = {
    texts: labelled.length,
    countries: { precision: precision(countries), recall: recall(countries) },
    ministers: { precision: precision(ministers), recall: recall(ministers) },
  };
  console.log(
    [
      `Entity accuracy over ${figures.texts} labelled texts:`,
      `  countries  precision ${figures.countries.precision.toFixed(3)}  recall ${figures.countries.recall.toFixed(3)}  (${countries.truePositives} right, ${countries.falsePositives} extra, ${countries.falseNegatives} missed)`,
      `  ministers  precision ${figures.ministers.precision.toFixed(3)}  recall ${figures.ministers.recall.toFixed(3)}  (${ministers.truePositives} right, ${ministers.falsePositives} extra, ${ministers.falseNegatives} missed)`,
      process.env.ACCURACY_DETAILS
        ? `  country extras: ${countries.extras.join(', ')}\n  country misses: ${countries.misses.join(', ')}\n  minister extras: ${ministers.extras.join(', ')}\n  minister misses: ${ministers.misses.join(', ')}`
        : '  (set ACCURACY_DETAILS=1 to list every extra and miss)',
    ].join('\n'),
  );

  it('has at least 80 texts, 40 Russian and 10 Kazakh among them', () => {
    expect(labelled.length).toBeGreaterThanOrEqual(80);
    expect(labelled.filter((l) => l.lang === 'ru').length).toBeGreaterThanOrEqual(40);
    expect(labelled.filter((l) => l.lang === 'kk').length).toBeGreaterThanOrEqual(10);
    for (const entry of labelled) {
      expect(sampleOf(entry).text.length, JSON.stringify(entry.ref)).toBeGreaterThan(100);
    }
  });

  it('finds countries above the floor', () => {
    expect(figures.countries.precision).toBeGreaterThanOrEqual(FLOOR.countries.precision);
    expect(figures.countries.recall).toBeGreaterThanOrEqual(FLOOR.countries.recall);
  });

  it('finds ministers above the floor', () => {
    expect(figures.ministers.precision).toBeGreaterThanOrEqual(FLOOR.ministers.precision);
    expect(figures.ministers.recall).toBeGreaterThanOrEqual(FLOOR.ministers.recall);
  });
});

describe('the seed release', () => {
  it('gives KZ and CN, Nurtleu and Wang Yi, dateline Чэнду, 1 December', () => {
    const text = readFileSync(sharedPath('fixtures', 'kazakhstan-today-seed.txt'), 'utf8');
    const outcome = normalizeItem({
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
