import { describe, expect, it } from 'vitest';
import { countryToken, ministerToken, releaseAliases } from '../../src/analysis/aliases.js';
import { kazakhStem } from '../../src/analysis/kazakh.js';
import { queryKey, stemText, textKeys } from '../../src/analysis/morphology.js';
import { nameKey, placeSpellings } from '../../src/analysis/translit.js';
import { markKeyMatches } from '../../src/search/highlight.js';
import { editDistance, ministerNameResolver, typedMatchesLabels } from '../../src/search/names.js';
import { searchParamsSchema, toSearchQuery } from '../../src/search/params.js';
import {
  HIGHLIGHT_END as E,
  preferredLanguage,
  HIGHLIGHT_START as S,
} from '../../src/search/query.js';
import { planQueryText } from '../../src/search/query-text.js';

/** Whether a query word finds a text word: the query's key is among the text word's keys. */
const finds = (query: string, text: string) => textKeys(text).includes(queryKey(query) ?? '');

describe('word keys', () => {
  it.each([
    ['энергетическая', 'энергетической'],
    ['безопасность', 'безопасности'],
    ['министр', 'министрами'],
    ['переговоры', 'переговорах'],
    ['город', 'городе'],
    ['визит', 'визита'],
  ])('Russian: "%s" finds "%s"', (query, text) => {
    expect(finds(query, text)).toBe(true);
  });

  it.each([
    ['Қазақстан', 'Қазақстанның'],
    ['Қытай', 'Қытаймен'],
    ['министр', 'министрлері'],
    ['министр', 'министрлерінің'],
    ['кездесу', 'кездесуге'],
    ['кездесу', 'кездесті'],
    ['ынтымақтастық', 'ынтымақтастығы'],
    ['сапар', 'сапары'],
    ['Мәскеу', 'Мәскеуден'],
    ['елшілік', 'елшілікте'],
  ])('Kazakh: "%s" finds "%s"', (query, text) => {
    expect(finds(query, text)).toBe(true);
  });

  it.each([
    ['meeting', 'meetings'],
    ['sanction', 'sanctions'],
    ['talks', 'talk'],
    ['negotiate', 'negotiating'],
  ])('English: "%s" finds "%s"', (query, text) => {
    expect(finds(query, text)).toBe(true);
  });

  it('keeps a stem of three letters with a vowel and strips whole suffix chains', () => {
    expect(kazakhStem('министрлерінің')).toBe('министр');
    expect(kazakhStem('елде')).toBe('елде');
    expect(kazakhStem('ынтымақтастығы')).toBe('ынтымақтас');
  });

  it('gives no key to short words, numbers, Chinese or stop words', () => {
    expect(textKeys('ООН')).toEqual([]);
    expect(textKeys('2024')).toEqual([]);
    expect(textKeys('外交部')).toEqual([]);
    expect(textKeys('также')).toEqual([]);
    expect(stemText('Министр встретился с послом, 2024 外交部')).toEqual({
      primary: 'министр встрет посл',
      kazakh: 'министр встретился послом',
    });
  });
});

describe('query rewriting', () => {
  it('requires the keys and lets the typed forms rank', () => {
    expect(planQueryText('энергетическая безопасность').q).toBe(
      'энергетическ безопасн энергетическая безопасность',
    );
  });

  it('rewrites names of countries and ministers in any language to alias tokens', () => {
    for (const q of ['КНР', 'Китай', 'China', '中国', 'ҚХР', 'Китая']) {
      expect(planQueryText(q).q.split(' ')[0], q).toBe(countryToken('CN'));
    }
    for (const q of ['Нуртлеу', 'Нұртілеу', 'Nurtleu']) {
      expect(planQueryText(q).q.split(' ')[0], q).toBe(ministerToken('murat-nurtleu'));
    }
    const plan = planQueryText('United States sanctions');
    expect(plan.q).toBe('zzcus sanction united states sanctions');
    expect(plan.entities.countries).toEqual(['US']);
    expect(planQueryText('Сергей Лавров').entities.ministers).toEqual(['sergey-lavrov']);
    // A word before a name is not part of it unless it belongs to the name.
    expect(planQueryText('визит Токаева в Россию').q.split(' ').slice(0, 3)).toEqual([
      queryKey('визит'),
      queryKey('Токаева'),
      countryToken('RU'),
    ]);
    expect(planQueryText('Нұртілеу Ван И').entities.ministers).toEqual([
      'murat-nurtleu',
      'wang-yi',
    ]);
    expect(planQueryText('Kyrgyz Republic Lavrov').q.split(' ').slice(0, 2)).toEqual([
      countryToken('KG'),
      ministerToken('sergey-lavrov'),
    ]);
  });

  it('requires a quoted phrase as a phrase of keys (any inflection, order kept), first', () => {
    expect(planQueryText('Китай "энергетической безопасности"').q).toBe(
      '"энергетическ безопасн" zzccn энергетической безопасности китай',
    );
    // No key for a number or Chinese: the phrase stays as typed.
    expect(planQueryText('"2024 外交部"').q).toBe('"2024 外交部"');
  });

  it('leaves nothing of a query of stop words and punctuation', () => {
    expect(planQueryText('и или — !!! the of').q).toBe('');
    expect(planQueryText('"" «»').q).toBe('');
  });

  it('searches mixed scripts word by word', () => {
    expect(planQueryText('Nurtleu Қытай 外交部').q).toBe(
      `${ministerToken('murat-nurtleu')} ${countryToken('CN')} 外交部 nurtleu қытай`,
    );
  });

  it('resolves a misspelt minister surname to the minister, one typo away', () => {
    const fuzzy = ministerNameResolver(['sergey-lavrov', 'murat-nurtleu']);
    expect(fuzzy('Лавроф')).toBe(ministerToken('sergey-lavrov'));
    expect(fuzzy('Nurtleuu')).toBe(ministerToken('murat-nurtleu'));
    expect(fuzzy('climate')).toBeUndefined();
    expect(planQueryText('Лавроф', fuzzy).q).toBe(`${ministerToken('sergey-lavrov')} лавроф`);
  });

  it('prefers the language the script shows, else the locale', () => {
    expect(preferredLanguage('外交部', 'en')).toBe('zh');
    expect(preferredLanguage('Қазақстан', 'ru')).toBe('kk');
    expect(preferredLanguage('министр', 'kk')).toBe('kk');
    expect(preferredLanguage('министр', 'en')).toBe('ru');
    expect(preferredLanguage('climate', 'ru')).toBe('en');
    expect(preferredLanguage('2024', 'ru')).toBe('ru');
  });
});

describe('highlighting other forms', () => {
  it('marks text words by their keys, as they stand, and keeps Meilisearch marks', () => {
    const keys = new Set(planQueryText('энергетическая безопасность').highlightKeys);
    expect(markKeyMatches(`Об ${S}энергетической${E} безопасности страны`, keys)).toBe(
      `Об ${S}энергетической${E} ${S}безопасности${E} страны`,
    );
    expect(markKeyMatches('no match here', keys)).toBe('no match here');
  });

  it('widens a mark Meilisearch put on part of a word to the whole word', () => {
    expect(markKeyMatches(`the ${S}negotiati${E}ons began`, new Set())).toBe(
      `the ${S}negotiations${E} began`,
    );
    expect(markKeyMatches(`с ${S}Лавров${E}ым и Мұрат ${S}Нұртілеу${E}ді`, new Set(['x']))).toBe(
      `с ${S}Лавровым${E} и Мұрат ${S}Нұртілеуді${E}`,
    );
    expect(markKeyMatches(`${S}climate${E} change`, new Set())).toBe(`${S}climate${E} change`);
  });
});

describe('names across scripts', () => {
  it('spells names alike across scripts and transliterations', () => {
    expect(nameKey('Нуртлеу')).toBe(nameKey('Nurtleu'));
    expect(nameKey('Тлеуберди')).toBe(nameKey('Tleuberdi'));
    expect(placeSpellings('Чэнду')).toContain('chengdu');
    expect(editDistance('lavrof', 'lavrov')).toBe(1);
    expect(editDistance('lavrof', 'blinken')).toBeGreaterThan(1);
  });

  it('matches typed text against labels by prefix, script, form and one typo', () => {
    const labels = ['Murat Nurtleu', 'Мурат Нуртлеу', 'Мұрат Нұртілеу'];
    for (const typed of ['нур', 'Nur', 'Нұрт', 'мурат нур', 'Nurtleuu', 'Нуртлеуом']) {
      expect(typedMatchesLabels(typed, labels), typed).toBe(true);
    }
    expect(typedMatchesLabels('лавр', labels)).toBe(false);
    expect(typedMatchesLabels('КНР', ['China', 'Китай'], { country: 'CN' })).toBe(true);
  });

  it('gives a release tokens for its facets and Latin spellings of its dateline', () => {
    expect(
      releaseAliases({ countries: ['CN', 'KZ'], ministers: ['wang-yi'], dateline: 'Чэнду' }),
    ).toBe('zzccn zzckz zzmwangyi chendu chengdu');
  });
});

describe('dates and caps', () => {
  it('accepts a date-time "from" and a date "to" of the same day (to covers the whole day)', () => {
    const params = searchParamsSchema.parse({ from: '2024-01-01T10:00:00Z', to: '2024-01-01' });
    const q = toSearchQuery(params);
    expect(q.fromTs).toBe(Date.UTC(2024, 0, 1, 10) / 1000);
    expect(q.toTs).toBe(Date.UTC(2024, 0, 2) / 1000 - 1);
  });

  it('takes years 0000–0099 as real dates', () => {
    expect(searchParamsSchema.safeParse({ from: '0050-03-01', to: '0099-12-31' }).success).toBe(
      true,
    );
    expect(searchParamsSchema.safeParse({ from: '0000-01-01' }).success).toBe(true);
    expect(searchParamsSchema.safeParse({ from: '0050-02-30' }).success).toBe(false);
  });

  it('names each cap in its message', () => {
    const message = (input: object) =>
      searchParamsSchema
        .safeParse(input)
        .error?.issues.map((i) => i.message)
        .join('; ');
    expect(message({ q: 'x'.repeat(401) })).toContain('400 characters');
    expect(searchParamsSchema.safeParse({ q: 'x'.repeat(400) }).success).toBe(true);
    expect(message({ perPage: '101' })).toContain('at most 100');
    expect(message({ page: '101', perPage: '100' })).toContain('10000');
  });

  it('falls back to English labels for a locale without them', () => {
    expect(toSearchQuery(searchParamsSchema.parse({ locale: 'fr' })).locale).toBe('en');
    expect(toSearchQuery(searchParamsSchema.parse({ locale: 'kk-KZ' })).locale).toBe('kk');
  });
});
