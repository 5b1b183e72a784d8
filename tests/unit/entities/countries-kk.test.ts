import { describe, expect, it } from 'vitest';
import { countriesOf } from './helpers.js';

describe('Kazakh country names', () => {
  it.each([
    ['Қазақстан мен Түркия', ['KZ', 'TR']],
    ['Қазақстанның сыртқы саясаты', ['KZ']],
    ['Қазақстанға келді', ['KZ']],
    ['Қазақстанмен ынтымақтастық', ['KZ']],
    ['Қытай тарапы', ['CN']],
    ['Қытайдың ұстанымы', ['CN']],
    ['Ресей мен Қытай', ['CN', 'RU']],
    ['Ресеймен келіссөздер', ['RU']],
    ['АҚШ-тың Мемлекеттік хатшысы', ['US']],
    ['АҚШ пен Өзбекстан', ['US', 'UZ']],
    ['Украинадағы елшілік', ['UA']],
    ['Қырғызстан Президенті', ['KG']],
    ['Түркия Республикасының Сыртқы істер министрі', ['TR']],
    ['Сауд Арабиясы Корольдігі', ['SA']],
    ['Біріккен Араб Әмірліктерінің делегациясы', ['AE']],
    ['Америка Құрама Штаттарының елшісі', ['US']],
  ])('%s → %j', (text, codes) => {
    expect(countriesOf(text, 'kk')).toEqual(codes);
  });

  it('recognises nationality words with suffixes', () => {
    expect(countriesOf('қазақстандық компаниялар', 'kk')).toEqual(['KZ']);
    expect(countriesOf('ресейлік әріптесі', 'kk')).toEqual(['RU']);
    expect(countriesOf('қытайлық инвесторлар', 'kk')).toEqual(['CN']);
    expect(countriesOf('америкалық тараптан', 'kk')).toEqual(['US']);
    expect(countriesOf('өзбек тарабының бастамасы', 'kk')).toEqual(['UZ']);
    expect(countriesOf('қазақ-қырғыз шекарасы', 'kk')).toEqual(['KG', 'KZ']);
  });

  it('takes the longest stem: түрікмен is Turkmen, not Turkish + "with"', () => {
    expect(countriesOf('түрікмен тарапы', 'kk')).toEqual(['TM']);
    expect(countriesOf('түрік тарапы', 'kk')).toEqual(['TR']);
  });

  it('does not take "Turkic" (түркі) for Turkey', () => {
    expect(countriesOf('Түркі мемлекеттері ұйымының саммиті', 'kk')).toEqual([]);
  });

  it('reads state abbreviations', () => {
    expect(countriesOf('ҚР СІМ баспасөз қызметі', 'kk')).toEqual(['KZ']);
    expect(countriesOf('ҚХР Төрағасының орынбасары', 'kk')).toEqual(['CN']);
  });

  it('reads Russian names with Kazakh endings', () => {
    expect(countriesOf('Белоруссиядағы жиында', 'kk')).toEqual(['BY']);
  });

  it('does not take a language for a country', () => {
    expect(countriesOf('Мәтін орыс тілінде жарияланды.', 'kk')).toEqual([]);
  });

  it('reads Kazakh in the Latin alphabet', () => {
    expect(countriesOf('Qazaqstannyń syrtqy saıasaty jáne Reseımen qarym-qatynas', 'kk')).toEqual([
      'KZ',
      'RU',
    ]);
    expect(countriesOf('Qytaıdyń delegatsııasy', 'kk')).toEqual(['CN']);
  });
});
