/** What `sources check` says per item and per field, and when a check passes. */
import { describe, expect, it } from 'vitest';
import type { NormalizeOutcome } from '../../../crawler/normalize/types.js';
import { loadSourceFile } from '../../../crawler/sources/load.js';
import {
  formatCheck,
  judgeCheck,
  judgeItem,
  SHORT_BODY,
} from '../../../crawler/sources/verdicts.js';
import { createRelease, type ReleaseDraft } from '../../../src/domain/create-release.js';

const source = loadSourceFile('crawler/sources/by-mfa.yaml');
const now = new Date('2024-01-01T00:00:00Z');
const body = 'The Ministry of Foreign Affairs of the Republic of Belarus states its position. '
  .repeat(6)
  .trim();

function outcome(
  draft: Partial<ReleaseDraft>,
  warnings: { code: string; message: string }[] = [],
): NormalizeOutcome {
  const release = createRelease({
    url: 'https://mfa.gov.by/en/press/statements/x.html',
    source: 'by-mfa',
    lang: 'en',
    title: 'Statement on the situation',
    body,
    published: '2021-12-06T00:00:00+03:00',
    datePrecision: 'date',
    countries: ['BY'],
    fetchedAt: '2022-01-01T00:00:00Z',
    ...draft,
  });
  return { ok: true, release, warnings, alternates: [], ministers: [], dateFound: null };
}

const verdictOf = (o: NormalizeOutcome, field: string) =>
  judgeItem('u', o, source, now).fields.find((f) => f.field === field);

describe('judgeItem', () => {
  it('passes a complete release and shows what was found', () => {
    const item = judgeItem('u', outcome({}), source, now);
    expect(item.verdict).toBe('pass');
    expect(item.fields.map((f) => [f.field, f.verdict, f.value])).toEqual([
      ['title', 'pass', 'Statement on the situation'],
      ['date', 'pass', '2021-12-06T00:00:00+03:00 (date)'],
      ['language', 'pass', 'en'],
      ['body', 'pass', `${body.length} characters`],
      ['countries', 'pass', 'BY'],
      ['ministers', 'pass', '—'],
    ]);
  });

  it('fails a missing date with the reason and the rules it tried', () => {
    const date = verdictOf(
      outcome({ published: null, datePrecision: 'unknown' }, [
        { code: 'DATE_UNKNOWN', message: 'no publication date was found' },
      ]),
      'date',
    );
    expect(date).toEqual({
      field: 'date',
      verdict: 'fail',
      value: '—',
      reason:
        'no publication date was found (extract.date: "section.content-page p[style*=\\"text-align: right\\"]")',
    });
  });

  it('fails dates in the future or before 1990, warns on a year taken from context', () => {
    expect(verdictOf(outcome({ published: '2025-03-01T00:00:00Z' }), 'date')?.reason).toMatch(
      /future/,
    );
    expect(verdictOf(outcome({ published: '1970-01-01T00:00:00Z' }), 'date')?.reason).toMatch(
      /before 1990/,
    );
    expect(
      verdictOf(
        outcome({}, [{ code: 'YEAR_FROM_CONTEXT', message: '"6 December" has no year' }]),
        'date',
      ),
    ).toMatchObject({ verdict: 'warn', reason: '"6 December" has no year' });
  });

  it("fails a language the source does not have, and the site's name as a title", () => {
    expect(verdictOf(outcome({ lang: 'ru' }), 'language')).toMatchObject({
      verdict: 'fail',
      reason: "not one of the source's languages (en)",
    });
    expect(
      verdictOf(outcome({ title: 'Ministry of Foreign Affairs of Belarus' }), 'title')?.verdict,
    ).toBe('fail');
  });

  it('warns on a short body and on no countries', () => {
    const item = judgeItem('u', outcome({ body: 'Short text.', countries: [] }), source, now);
    expect(item.verdict).toBe('warn');
    expect(item.fields.find((f) => f.field === 'body')?.reason).toMatch(/short/);
    expect(SHORT_BODY).toBeGreaterThan('Short text.'.length);
    expect(item.fields.find((f) => f.field === 'countries')?.verdict).toBe('warn');
  });

  it('fails an item that made no release, with its code', () => {
    const item = judgeItem(
      'u',
      { ok: false, code: 'MOJIBAKE', reason: 'the text is damaged' },
      source,
      now,
    );
    expect(item).toMatchObject({ verdict: 'fail', error: { code: 'MOJIBAKE' } });
    expect(item.fields[0]?.reason).toBe('MOJIBAKE: the text is damaged');
  });
});

describe('judgeCheck', () => {
  const good = judgeItem('a', outcome({}), source, now);
  const undated = judgeItem(
    'b',
    outcome({ published: null, datePrecision: 'unknown' }),
    source,
    now,
  );
  const broken = judgeItem(
    'c',
    { ok: false, code: 'EMPTY_CONTENT', reason: 'no text' },
    source,
    now,
  );

  it('passes when no item fails and most have a date', () => {
    expect(judgeCheck([good, good, undated])).toMatchObject({ passed: true, reasons: [] });
  });

  it('fails with the reasons otherwise', () => {
    expect(judgeCheck([]).reasons).toEqual([
      'no item was read: check the listing rules and the start URL',
    ]);
    expect(judgeCheck([good, broken]).reasons).toEqual([
      '1 of 2 items fail on title, language or body',
    ]);
    expect(judgeCheck([good, undated, undated]).reasons).toEqual([
      '2 of 3 items have no usable date: check extract.date',
    ]);
  });

  it('prints one line per field with the reasons under them', () => {
    const text = formatCheck(judgeCheck([good, broken]));
    expect(text).toContain('ok   a');
    expect(text).toContain('FAIL c');
    expect(text).toContain('↳ EMPTY_CONTENT: no text');
    expect(text).toMatch(/2 items: 1 pass, 0 with warnings, 1 failing\ncheck FAILED: /);
  });
});
