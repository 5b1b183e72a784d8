import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../../crawler/normalize/clean-html.js';
import {
  hammingDistance,
  isSameText,
  isTranslation,
  numbersIn,
  resemblance,
  simhash,
  type TranslationCandidate,
} from '../../../crawler/normalize/similarity.js';
import { readStateDept } from '../../helpers/corpus.js';

describe('near-duplicates', () => {
  const releases = readStateDept()
    .slice(0, 200)
    .map((r) => htmlToText(r.html))
    .filter((t) => t.length > 800);

  it('matches a release republished with a small correction', () => {
    const original = releases[0]!;
    const corrected = `${original.replace(/\bthe\b/, 'The').replace(/\d/, '9')}\n\nUpdated to correct a date.`;
    expect(
      isSameText(
        { text: original, hash: simhash(original) },
        { text: corrected, hash: simhash(corrected) },
      ),
    ).toBe(true);
  });

  it('keeps different releases apart', () => {
    const hashes = releases.slice(0, 60).map(simhash);
    let clashes = 0;
    for (let i = 0; i < hashes.length; i++) {
      for (let j = i + 1; j < hashes.length; j++) {
        const a = { text: releases[i]!, hash: hashes[i]! };
        const b = { text: releases[j]!, hash: hashes[j]! };
        if (releases[i] !== releases[j] && isSameText(a, b)) clashes++;
      }
    }
    expect(clashes).toBe(0);
  });

  it('recognises a short release with one figure corrected, where SimHash alone would not', () => {
    const text =
      'Астана, 1 декабря. Министр иностранных дел Казахстана провел встречу с министром иностранных дел Китая. Товарооборот за 10 месяцев достиг $36,5 млрд, что на 11% больше. Стороны обсудили транзит и энергетику.';
    const corrected = text.replace('11%', '12%');
    const a = { text, hash: simhash(text) };
    const b = { text: corrected, hash: simhash(corrected) };
    expect(hammingDistance(a.hash, b.hash)).toBeGreaterThan(3);
    expect(isSameText(a, b)).toBe(true);
    expect(
      resemblance(text, 'Совсем другой текст о визовом режиме с Японией и консульской помощи.'),
    ).toBeLessThan(0.1);
  });

  it('measures distance in bits', () => {
    expect(hammingDistance('0000000000000000', '0000000000000003')).toBe(2);
    expect(simhash('same words here')).toBe(simhash('Same words, here!'));
  });
});

describe('translations', () => {
  const ru: TranslationCandidate = {
    source: 'kz-mfa',
    lang: 'ru',
    day: '2023-12-01',
    countries: ['CN', 'KZ'],
    ministers: ['murat-nurtleu', 'wang-yi'],
    numbers: numbersIn('товарооборот за 10 месяцев достиг $36,5 млрд, на 11% больше'),
  };
  const en: TranslationCandidate = {
    ...ru,
    lang: 'en',
    numbers: numbersIn('trade in 10 months reached $36.5 billion, 11% more'),
  };

  it('groups the same release in two languages', () => {
    expect(numbersIn('36,5 and 36.5')).toEqual(new Set(['36.5']));
    expect(isTranslation(ru, en)).toBe(true);
  });

  it('does not group releases of another day, source, set of entities, or language', () => {
    expect(isTranslation(ru, { ...en, day: '2023-12-02' })).toBe(false);
    expect(isTranslation(ru, { ...en, source: 'cn-mfa' })).toBe(false);
    expect(isTranslation(ru, { ...en, countries: ['KZ'] })).toBe(false);
    expect(isTranslation(ru, { ...ru })).toBe(false);
    expect(isTranslation(ru, { ...en, numbers: numbersIn('47 and 2030 and 15') })).toBe(false);
  });

  it('needs evidence: two releases with no entities and no numbers are not grouped', () => {
    const bare = { ...ru, countries: [], ministers: [], numbers: new Set<string>() };
    expect(isTranslation(bare, { ...bare, lang: 'en' })).toBe(false);
  });
});
