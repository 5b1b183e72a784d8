/**
 * Imported records through the one normalizer, and the text hygiene every
 * format gets: caps, bidi overrides, C1 controls, emoji joiners, entities in
 * titles, credentials in URLs, lone surrogates.
 */
import { describe, expect, it } from 'vitest';
import { parseGivenDate } from '../../../crawler/normalize/dates.js';
import { TITLE_MAX_CHARS } from '../../../crawler/normalize/index.js';
import type { RawItem } from '../../../crawler/normalize/types.js';
import { normalizeWithSource } from '../../../crawler/sources/index.js';
import { createRelease } from '../../../src/domain/create-release.js';
import { canonicalizeUrl } from '../../../src/domain/ids.js';

function record(fields: Record<string, unknown>, overrides: Partial<RawItem> = {}): RawItem {
  return {
    sourceId: 'test',
    url: 'https://example.org/release/1',
    format: 'record',
    text: JSON.stringify({ title: null, published: null, ...fields }),
    fetchedAt: '2024-03-01T00:00:00Z',
    firstSeenAt: '2024-03-01T00:00:00Z',
    ...overrides,
  };
}

function ok(item: RawItem) {
  const outcome = normalizeWithSource(item);
  if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.reason}`);
  return outcome;
}

const BODY =
  'The Foreign Minister of Kazakhstan met his counterpart from China in Astana to discuss trade.';

describe('imported records', () => {
  it('decodes entities in titles once (an "&amp;" shows as "&")', () => {
    const { release } = ok(record({ title: 'Trade &amp; energy &#8211; talks', text: BODY }));
    expect(release.title).toBe('Trade & energy – talks');
    const literal = ok(record({ title: 'Q&A with the press', text: BODY }));
    expect(literal.release.title).toBe('Q&A with the press');
  });

  it('derives a missing title from the text the way plain text gets one', () => {
    const { release } = ok(
      record({ text: `Minister meets counterpart\n\n${BODY}\n\nSecond paragraph.` }),
    );
    expect(release.title).toBe('Minister meets counterpart');
    expect(release.body.startsWith('The Foreign Minister')).toBe(true);
  });

  it('takes a given date, in the source time zone when it has none', () => {
    const instant = ok(record({ text: BODY, published: '2021-05-20T22:14:56Z' }));
    expect(instant.release.published).toBe('2021-05-20T22:14:56.000Z');
    const day = ok(record({ text: BODY, published: '2023-12-01' }, { sourceId: 'kz-mfa' }));
    expect(day.release.published).toBe('2023-12-01T00:00:00+06:00');
    expect(day.release.datePrecision).toBe('date');
    const written = ok(record({ text: BODY, published: '1 декабря 2023 г.' }));
    expect(written.release.published).toBe('2023-12-01T00:00:00+00:00');
  });

  it('leaves an undated record undated: the import time gives no year', () => {
    const outcome = ok(record({ text: `Astana, 1 December. ${BODY}` }));
    expect(outcome.release.published).toBeNull();
    expect(outcome.warnings.map((w) => w.code)).toContain('DATE_UNKNOWN');
  });

  it('drops the byline the body repeats, like a feed item', () => {
    const { release } = ok(
      record({
        title: 'Statement',
        html: `<p>Office of the Spokesperson</p><p>${BODY}</p>`,
        creator: 'Office of the Spokesperson',
      }),
    );
    expect(release.body).toBe(BODY);
  });

  it('reports a record it cannot read as INVALID_ITEM', () => {
    expect(normalizeWithSource(record({ text: BODY, extra: 1 }))).toMatchObject({
      ok: false,
      code: 'INVALID_ITEM',
    });
    expect(normalizeWithSource({ ...record({}), text: '{not json' })).toMatchObject({
      ok: false,
      code: 'INVALID_ITEM',
    });
  });
});

describe('given dates', () => {
  it.each([
    '1',
    '2024-02-30',
    '2023-02-29',
    '2024-13-01',
    '2024-01-01T25:00Z',
    'soon',
    '1 декабря',
    'see 1 May 2023',
  ])('"%s" is not a date', (text) => {
    expect(parseGivenDate(text)).toBeUndefined();
  });

  it.each([
    ['2024-02-29', 'local'],
    ['2021-05-20T22:14:56Z', 'instant'],
    ['2023-12-01T10:00:00+08:00', 'instant'],
    ['2023-12-01T10:00', 'local'],
    ['Tue, 02 Aug 2022 19:49:23 +0000', 'instant'],
    ['1 декабря 2023 г.', 'local'],
    ['1 желтоқсан 2023 жылы', 'local'],
    ['December 1, 2023', 'local'],
    ['2023年12月1日', 'local'],
    ['01.12.2023', 'local'],
  ])('"%s" is a date (%s)', (text, kind) => {
    expect(parseGivenDate(text)?.kind).toBe(kind);
  });

  it('keeps an offset as written', () => {
    expect(parseGivenDate('2023-12-01T10:00:00+08:00')).toEqual({
      kind: 'instant',
      iso: '2023-12-01T10:00:00+08:00',
    });
  });
});

describe('text hygiene', () => {
  it('strips bidirectional overrides and isolates, and C1 controls', () => {
    const title = 'Minister\u202E txet desrever\u202C \u2066isolated\u2069 visit\u0085\u009B';
    const { release } = ok(record({ title, text: `${BODY}\u202D\u0090` }));
    expect(release.title).toBe('Minister txet desrever isolated visit');
    expect(release.body).toBe(BODY);
  });

  it('keeps zero-width joiners inside emoji sequences, drops them elsewhere', () => {
    const developer = '\u{1F469}\u200D\u{1F4BB}';
    const astronaut = '\u{1F468}\u{1F3FD}\u200D\u{1F680}';
    const { release } = ok(
      record({ title: `Digital ${developer} day`, text: `${BODY} ${astronaut} a\u200Db` }),
    );
    expect(release.title).toBe(`Digital ${developer} day`);
    expect(release.body).toBe(`${BODY} ${astronaut} ab`);
  });

  it('caps a huge title with TITLE_TRUNCATED', () => {
    const title = 'Statement '.repeat(22_000);
    const outcome = ok(record({ title, text: BODY }));
    expect(outcome.release.title.length).toBeLessThanOrEqual(TITLE_MAX_CHARS);
    expect(outcome.release.title.endsWith('Statement…')).toBe(true);
    expect(outcome.warnings.map((w) => w.code)).toContain('TITLE_TRUNCATED');
  });

  it('makes lone surrogates well formed in every release', () => {
    const release = createRelease({
      url: 'https://example.org/x',
      source: 'test',
      lang: 'en',
      title: 'Broken \uD800 title',
      body: 'Broken \uDC00 body',
      published: null,
    });
    expect(release.title).toBe('Broken \uFFFD title');
    expect(release.body).toBe('Broken \uFFFD body');
    expect(release.title.isWellFormed()).toBe(true);
  });

  it('drops credentials from URLs', () => {
    expect(canonicalizeUrl('https://user:secret@example.org/a?b=1#c')).toBe(
      'https://example.org/a?b=1',
    );
    const { release } = ok(
      record({ title: 'Statement', text: BODY }, { url: 'https://admin:pw@example.org/r/1' }),
    );
    expect(release.url).toBe('https://example.org/r/1');
  });
});
