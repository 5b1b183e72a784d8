/** One import line → one archive item, or a bad line with a stable code. */
import { describe, expect, it } from 'vitest';
import { importRecordSchema } from '../../../crawler/normalize/record.js';
import { BadLineError, itemFromLine } from '../../../src/ingest/jsonl.js';

const at = '2024-03-01T00:00:00.000Z';
const line = (fields: Record<string, unknown>) => ({
  url: 'https://example.org/r/1',
  title: 'Statement',
  text: 'Energy talks.',
  ...fields,
});

function badCode(value: unknown, defaults = { source: 'test' }): string {
  try {
    itemFromLine(value, defaults, at);
  } catch (error) {
    if (error instanceof BadLineError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'accepted';
}

describe('import lines', () => {
  it('become record items of their source, with the URL canonical and credentials gone', () => {
    const item = itemFromLine(
      line({ url: 'https://user:pw@Example.org/r/1?utm_source=x', lang: 'en' }),
      { source: 'test' },
      at,
    );
    expect(item).toMatchObject({
      source: 'test',
      url: 'https://example.org/r/1',
      lang: 'en',
      format: 'record',
      fetchedAt: at,
    });
    expect(importRecordSchema.parse(JSON.parse(item.text ?? ''))).toEqual({
      title: 'Statement',
      text: 'Energy talks.',
      published: null,
    });
  });

  it('never guess a date: "1" and "2024-02-30" are bad lines', () => {
    expect(badCode(line({ published: '1' }))).toMatch(/^INVALID_DATE: published = "1"/);
    expect(badCode(line({ published: '2024-02-30' }))).toMatch(/^INVALID_DATE/);
    expect(badCode(line({ published: '2024-02-29' }))).toBe('accepted');
    expect(badCode(line({ published: null }))).toBe('accepted');
  });

  it('take a leading "date YYYY-MM-DD" stamp as the date and drop it from the text', () => {
    const item = itemFromLine(
      line({ title: null, text: ' date 2025-09-06 16:38\nГлавы МИД встретились.' }),
      { source: 'news' },
      at,
    );
    expect(JSON.parse(item.text ?? '')).toEqual({
      title: null,
      text: 'Главы МИД встретились.',
      published: '2025-09-06T16:38',
    });
  });

  it('name the field and value that is wrong', () => {
    expect(badCode(line({ url: 'ftp://example.org/x' }))).toMatch(/^INVALID_FIELD: url/);
    expect(badCode({ url: 'https://example.org/x', title: 'x' })).toMatch(
      /^INVALID_FIELD: html = missing/,
    );
    expect(badCode(line({}), { source: '' })).toMatch(/^INVALID_FIELD: source = missing/);
  });

  it('change their hash when the language given changes', () => {
    const en = itemFromLine(line({ lang: 'en' }), { source: 'test' }, at);
    const ru = itemFromLine(line({ lang: 'ru' }), { source: 'test' }, at);
    expect(en.hash).not.toBe(ru.hash);
  });
});
