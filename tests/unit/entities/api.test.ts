import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  COUNTRY_CODES,
  countryLabel,
  extractEntities,
  isCountryCode,
  ministerById,
  ministerLabel,
  ministerName,
} from '../../../src/entities/index.js';
import { sharedPath } from '../../helpers/shared.js';

describe('the real Kazakhstan Today release', () => {
  it('gives exactly KZ and CN, and exactly Nurtleu (KZ) and Wang Yi (CN)', () => {
    const text = readFileSync(sharedPath('fixtures', 'kazakhstan-today-seed.txt'), 'utf8');
    const result = extractEntities(text, { lang: 'ru' });
    expect(result.countries).toEqual(['CN', 'KZ']);
    expect(result.ministers.map((m) => [m.id, m.country])).toEqual([
      ['murat-nurtleu', 'KZ'],
      ['wang-yi', 'CN'],
    ]);
    expect(result.ministers.every((m) => m.discovered === undefined)).toBe(true);
  });

  it('gives the same result without a language hint or with a wrong one', () => {
    const text = readFileSync(sharedPath('fixtures', 'kazakhstan-today-seed.txt'), 'utf8');
    const expected = extractEntities(text, { lang: 'ru' });
    expect(extractEntities(text)).toEqual(expected);
    expect(extractEntities(text, { lang: 'zh' })).toEqual(expected);
  });
});

describe('extractEntities', () => {
  it('returns sorted unique countries and ministers sorted by id', () => {
    const text =
      'Ван И и Сергей Лавров обсудили отношения России и Китая. Лавров и Ван И, Китай и Россия, Wang Yi and Lavrov.';
    const result = extractEntities(text);
    expect(result.countries).toEqual(['CN', 'RU']);
    expect(result.ministers.map((m) => m.id)).toEqual(['sergey-lavrov', 'wang-yi']);
  });

  it('handles mixed-language texts', () => {
    const result = extractEntities(
      'Қазақстан мен Ресей. Meeting with China. 中方表示欢迎。 Встреча в Турции.',
    );
    expect(result.countries).toEqual(['CN', 'KZ', 'RU', 'TR']);
  });

  it('returns empty lists for empty or entity-free text', () => {
    expect(extractEntities('')).toEqual({ countries: [], ministers: [] });
    expect(extractEntities('Погода в выходные будет солнечной. 12345 !!!')).toEqual({
      countries: [],
      ministers: [],
    });
  });

  it('returns copies: changing a result does not change the gazetteer', () => {
    const [m] = extractEntities('Сергей Лавров').ministers;
    if (!m) throw new Error('Lavrov not found');
    m.names.en = 'changed';
    expect(ministerById('sergey-lavrov')?.names.en).toBe('Sergey Lavrov');
  });
});

describe('ministerById and ministerLabel', () => {
  it('finds gazetteer ministers', () => {
    expect(ministerById('sergey-lavrov')).toEqual({
      id: 'sergey-lavrov',
      names: { en: 'Sergey Lavrov', ru: 'Сергей Лавров', zh: '拉夫罗夫' },
      country: 'RU',
      role: 'foreign-minister',
    });
    expect(ministerById('no-such-person')).toBeUndefined();
  });

  it('names in the locale, else English, else the id', () => {
    expect(ministerName('murat-nurtleu', 'kk')).toBe('Мұрат Нұртілеу');
    expect(ministerName('murat-nurtleu', 'ru-RU')).toBe('Мурат Нуртлеу');
    expect(ministerName('wang-yi', 'zh')).toBe('王毅');
    expect(ministerName('hakan-fidan', 'kk')).toBe('Hakan Fidan');
    expect(ministerName('no-such-person', 'en')).toBe('no-such-person');
  });

  it('labels facets with the name and the role in the locale', () => {
    expect(ministerLabel('murat-nurtleu', 'kk')).toBe('Мұрат Нұртілеу (сыртқы істер министрі)');
    expect(ministerLabel('wang-yi', 'zh-CN')).toBe('王毅 (外交部长)');
    expect(ministerLabel('anton-siluanov', 'en')).toBe('Anton Siluanov (finance minister)');
    expect(ministerLabel('anton-siluanov', 'ru')).toBe('Антон Силуанов (министр финансов)');
    expect(ministerLabel('no-such-person', 'en')).toBe('no-such-person');
  });
});

describe('re-exported country helpers', () => {
  it('keeps the countries.ts behaviour', () => {
    expect(COUNTRY_CODES).toContain('KZ');
    expect(COUNTRY_CODES).toContain('XK');
    expect(isCountryCode('KZ')).toBe(true);
    expect(isCountryCode('EU')).toBe(false);
    expect(countryLabel('KZ', 'ru')).toBe('Казахстан');
    expect(countryLabel('CN', 'zh')).toBe('中国');
  });
});
