/**
 * The hard cases issue 12 names, each done for real: a minister named only by
 * title, two ministers with one surname, a name that is also a place, a text
 * in a language outside the four, and a term that ended the day before.
 */
import { describe, expect, it } from 'vitest';
import { extractEntities, ministerById } from '../../../src/entities/index.js';

const ministers = (text: string, options?: { lang?: string; date?: string }) =>
  extractEntities(text, options).ministers.map((m) => m.id);

describe('a minister named only by title', () => {
  it('gives the country and no minister: nobody is guessed or invented', () => {
    for (const text of [
      'Глава МИД Китая заявил, что переговоры пройдут в Пекине.',
      'China’s Foreign Minister said the talks would take place in Beijing.',
      'Қытай Сыртқы істер министрі келіссөздер Бейжіңде өтетінін айтты.',
      '中国外长表示，会谈将在北京举行。',
    ]) {
      const found = extractEntities(text);
      expect(found.ministers, text).toEqual([]);
      expect(found.countries, text).toContain('CN');
    }
  });
});

describe('two ministers with the same surname', () => {
  const text = 'Foreign Minister Ri told the meeting that the talks had stalled.';

  it('takes the one in office at the date of the text', () => {
    expect(ministers(text, { date: '2018-06-12' })).toEqual(['ri-yong-ho']);
    expect(ministers(text, { date: '2021-03-01' })).toEqual(['ri-son-gwon']);
  });

  it('names nobody when the date leaves both possible or is unknown', () => {
    // Ri Su-yong and Ri Yong-ho were both foreign minister in 2016.
    expect(ministers(text, { date: '2016-05-01' })).toEqual([]);
    expect(ministers(text)).toEqual([]);
  });

  it('keeps full names apart', () => {
    expect(ministers('Ri Su-yong and Ri Yong-ho met in Pyongyang.').sort()).toEqual([
      'ri-su-yong',
      'ri-yong-ho',
    ]);
  });
});

describe('a name that is both a person and a place', () => {
  it('reads "Israel Katz" as the minister, not as a mention of Israel', () => {
    const found = extractEntities('Israel Katz met Sergey Lavrov in Moscow on Tuesday.', {
      date: '2020-02-01',
    });
    expect(found.ministers.map((m) => m.id)).toEqual(['israel-katz', 'sergey-lavrov']);
    expect(found.countries).toEqual([]);
  });

  it('reads "Austin" alone as the city, with a title as the Secretary', () => {
    expect(ministers('The delegation flew on to Austin, Texas.', { date: '2022-03-01' })).toEqual(
      [],
    );
    expect(
      ministers('Secretary Austin met his Japanese counterpart.', { date: '2022-03-01' }),
    ).toEqual(['lloyd-austin']);
  });
});

describe('a text in a language outside the four', () => {
  const german =
    'Außenministerin Annalena Baerbock traf den russischen Außenminister Sergej Lawrow in Moskau.';

  it('still finds gazetteer names written as in the data, and invents nobody', () => {
    const found = extractEntities(german, { lang: 'de' });
    expect(found.ministers.map((m) => m.id)).toEqual(['annalena-baerbock']);
    expect(found.ministers.every((m) => m.discovered === undefined)).toBe(true);
  });

  it('gives the same result whatever the language hint says', () => {
    expect(extractEntities(german, { lang: 'de' })).toEqual(extractEntities(german));
  });
});

describe('a minister whose term ended the day before the text', () => {
  // Blinken left office on 20 January 2025; Rubio took it on the 21st.
  const text = 'Antony Blinken spoke about the transition with Secretary Rubio.';

  it('counts only the minister in office on that day', () => {
    expect(ministers(text, { date: '2025-01-21' })).toEqual(['marco-rubio']);
    expect(ministers(text, { date: '2025-01-20' })).toContain('antony-blinken');
  });

  it('still counts the former one when the text gives him the title', () => {
    expect(
      ministers('Secretary of State Antony Blinken said goodbye to the staff.', {
        date: '2025-01-21',
      }),
    ).toEqual(['antony-blinken']);
  });

  it('does not count a minister the text calls former', () => {
    expect(
      ministers('Former Secretary of State Antony Blinken spoke at the event.', {
        date: '2025-03-01',
      }),
    ).toEqual([]);
    expect(ministerById('antony-blinken')?.role).toBe('foreign-minister');
  });
});
