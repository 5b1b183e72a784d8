/** JSON items read by the field paths of their source file (gov.kz's shape, from kz-mfa.yaml). */
import { describe, expect, it } from 'vitest';
import { JsonItemError, readJsonItem } from '../../../crawler/normalize/json-item.js';
import { loadSourceFile } from '../../../crawler/sources/load.js';

const fields = loadSourceFile('crawler/sources/kz-mfa.yaml').extract.fields!;
const item = (over: Record<string, unknown>) =>
  JSON.stringify({
    id: 712345,
    title: ' Министр иностранных дел\nпровёл встречу ',
    slug: 'ministr',
    created_date: '2023-12-01T10:15:00.000+06:00',
    body: '<p>Состоялась встреча&nbsp;министров.</p><p>Обсуждены вопросы.</p>',
    short_description: '<p>Кратко.</p>',
    ...over,
  });

describe('readJsonItem with kz-mfa.yaml fields', () => {
  it('takes title, date and the HTML body as clean text', () => {
    expect(readJsonItem(item({}), fields)).toEqual({
      title: 'Министр иностранных дел провёл встречу',
      date: '2023-12-01T10:15:00.000+06:00',
      text: 'Состоялась встреча министров.\n\nОбсуждены вопросы.',
    });
  });

  it('falls back to the short description when the body is null or empty', () => {
    expect(readJsonItem(item({ body: null }), fields).text).toBe('Кратко.');
    expect(readJsonItem(item({ body: '' }), fields).text).toBe('Кратко.');
  });

  it('names the field and the value of a bad item (INVALID_ITEM)', () => {
    expect(() => readJsonItem(item({ title: '' }), fields)).toThrow(JsonItemError);
    expect(() => readJsonItem(item({ title: '' }), fields)).toThrow(
      /item field title = "": must be a non-empty string/,
    );
    expect(() => readJsonItem(item({ created_date: null }), fields)).toThrow(
      /created_date = "null": must be a date/,
    );
    expect(() => readJsonItem(item({ id: { x: 1 } }), fields)).toThrow(/item field id/);
    expect(() => readJsonItem('[1, 2]', fields)).toThrow(/must be an object/);
    expect(() => readJsonItem('{"id": 1,', fields)).toThrow(/not valid JSON/);
  });
});
