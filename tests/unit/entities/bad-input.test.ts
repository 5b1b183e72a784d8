/**
 * The hard cases issue 12 names, each done for real: a minister named only by
 * title, two ministers with one surname, a name that is also a place, a text
 * in a language outside the four, and a term that ended the day before.
 */
import { describe, expect, it } from 'vitest';
import { extractEntities, ministerById } from '../../../src/entities/index.js';

const ministers = (text: string, options?: { lang?: string; date?: string }) =>
  extractEntities(text, options).ministers.map((m) => m.id);

// China's foreign minister named only by title, in the four languages.
const CHINAS_FM_BY_TITLE = [
  'Глава МИД Китая заявил, что переговоры пройдут в Пекине.',
  'China’s Foreign Minister said the talks would take place in Beijing.',
  'Қытай Сыртқы істер министрі келіссөздер Бейжіңде өтетінін айтты.',
  '中国外长表示，会谈将在北京举行。',
];

describe('a minister named only by title', () => {
  it('gives the country and no minister: nobody is guessed or invented', () => {
    for (const text of CHINAS_FM_BY_TITLE) {
      const found = extractEntities(text);
      expect(found.ministers, text).toEqual([]);
      expect(found.countries, text).toContain('CN');
    }
  });
});

describe('a minister named only by title, in a dated text', () => {
  it('is the one holder of that office on that day, in every language', () => {
    for (const text of CHINAS_FM_BY_TITLE) {
      expect(ministers(text, { date: '2024-05-01' }), text).toEqual(['wang-yi']);
      expect(ministers(text, { date: '2023-05-01' }), text).toEqual(['qin-gang']);
    }
  });

  it("takes a minister's counterpart from a country for that country's holder of the office", () => {
    const on = { date: '2022-09-05' };
    expect(ministers('Mukhtar Tleuberdi will also meet his Saudi counterpart.', on)).toEqual([
      'faisal-bin-farhan-al-saud',
      'mukhtar-tileuberdi',
    ]);
    expect(ministers('Лавров провел переговоры со своим саудовским коллегой.', on)).toEqual([
      'faisal-bin-farhan-al-saud',
      'sergey-lavrov',
    ]);
    // The counterpart of a defence secretary is a defence minister.
    expect(ministers('Secretary of Defense Austin met his Japanese counterpart.', on)).toEqual([
      'lloyd-austin',
      'yasukazu-hamada',
    ]);
    // Several counterparts, a president's counterpart, or one named anyway: nobody more.
    expect(ministers('Lavrov met his Saudi counterparts.', on)).toEqual(['sergey-lavrov']);
    expect(ministers('President Tokayev met his Saudi counterpart.', on)).toEqual([]);
  });

  it('reads a foreign ministry with a longer name in Chinese (外交与国际合作部长)', () => {
    expect(ministers('吉布提外交与国际合作部长表示支持。', { date: '2020-01-02' })).toEqual([
      'mahmoud-ali-youssouf',
    ]);
    // A second minister of the ministry is not its minister.
    expect(ministers('文莱外交与贸易部第二部长将应邀访华。', { date: '2018-06-12' })).toEqual([]);
  });

  it('names nobody on a day the office changed hands, or in a year known only by year', () => {
    // Qin Gang left and Wang Yi came back on 25 July 2023.
    expect(ministers('China’s Foreign Minister said so.', { date: '2023-07-25' })).toEqual([]);
    // Tileuberdi took office some time in 2019: his first year is not sure.
    expect(ministers('The Kazakh Foreign Minister said so.', { date: '2019-03-01' })).toEqual([]);
    expect(ministers('The Kazakh Foreign Minister said so.', { date: '2021-03-01' })).toEqual([
      'mukhtar-tileuberdi',
    ]);
  });

  it('does not take an office someone may take, several offices, or a title before a name', () => {
    const on = { date: '2016-12-12' };
    expect(ministers('特朗普将提名蒂勒森为美国国务卿，中方对此有何评论？', on)).toEqual([]);
    expect(ministers('无论谁出任美国国务卿，中方都期待着与其共同努力。', on)).toEqual([]);
    expect(ministers('He is expected to be nominated as Secretary of State.', on)).toEqual([]);
    expect(ministers('The G7 foreign ministers of Canada and Japan met.', on)).toEqual([]);
    expect(ministers('东盟外长会在万象举行。中日韩外长会晤推迟。', on)).toEqual([]);
    // New Zealand's Secretary of Foreign Affairs and Trade is a civil servant, named after it.
    expect(
      ministers('She met New Zealand Secretary of Foreign Affairs and Trade Chris Seed.', {
        date: '2022-03-23',
      }),
    ).not.toContain('nanaia-mahuta');
    // A country across a comma or a line is not the title's: "Riga, Latvia ⏎ FOREIGN MINISTER".
    expect(
      ministers('Riga, Latvia\nFOREIGN MINISTER LAPID: I came here to meet a friend.', {
        date: '2022-03-07',
      }),
    ).toEqual(['yair-lapid']);
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
      ministers('Secretary Austin met the Japanese delegation.', { date: '2022-03-01' }),
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
