/** Ministers of other portfolios, with their role, in the four languages. */
import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../../src/entities/index.js';

const found = (text: string, date?: string) =>
  extractEntities(text, { date }).ministers.map((m) => ({
    id: m.id,
    role: m.role,
    country: m.country,
    discovered: m.discovered === true,
  }));

describe('ministers of other portfolios', () => {
  it('recognises gazetteer ministers by their own title, with their role', () => {
    expect(
      found('Министр финансов России Антон Силуанов выступил на форуме.', '2022-06-01'),
    ).toEqual([
      { id: 'anton-siluanov', role: 'finance-minister', country: 'RU', discovered: false },
    ]);
    expect(
      found(
        'Secretary of Defense Lloyd Austin and Treasury Secretary Janet Yellen testified.',
        '2022-05-03',
      ),
    ).toEqual([
      { id: 'janet-yellen', role: 'finance-minister', country: 'US', discovered: false },
      { id: 'lloyd-austin', role: 'defence-minister', country: 'US', discovered: false },
    ]);
    expect(found('国防部长魏凤和会见了来访的客人。', '2021-04-01')).toEqual([
      { id: 'wei-fenghe', role: 'defence-minister', country: 'CN', discovered: false },
    ]);
  });

  it("takes a surname alone next to a title of the person's own office", () => {
    const ross = [
      { id: 'wilbur-ross', role: 'commerce-minister', country: 'US', discovered: false },
    ];
    expect(
      found('US Commerce Secretary Ross said on July 30 that licences would follow.', '2019-08-01'),
    ).toEqual(ross);
    // Without the title, or with another office's, "Ross" is anybody.
    expect(found('Ross said on July 30 that licences would follow.', '2019-08-01')).toEqual([]);
    expect(found('Ambassador Ross said so.', '2019-08-01')).toEqual([]);
  });

  it("reads two joined offices before a name as one, the person's own among them", () => {
    const lapid = [
      { id: 'yair-lapid', role: 'foreign-minister', country: 'IL', discovered: false },
    ];
    expect(
      found('Call with Israeli Foreign Minister and Alternate Prime Minister Lapid', '2022-02-24'),
    ).toEqual(lapid);
    // Lapid counts only with a foreign-minister title: the other office alone is not his.
    expect(found('Meeting with Israeli Alternate Prime Minister Lapid', '2022-02-24')).toEqual([]);
  });

  it('does not give a minister the title of another office', () => {
    // Siluanov is the finance minister: a text calling him ambassador does not count him.
    expect(found('посол России Антон Силуанов', '2022-06-01')).toEqual([]);
  });

  it('discovers ministers the gazetteer lacks, with the portfolio of the title', () => {
    expect(
      found('Министр энергетики Казахстана Алмасадам Саткалиев провел встречу.', '2023-05-01'),
    ).toEqual([
      { id: 'almasadam-satkaliyev', role: 'energy-minister', country: 'KZ', discovered: true },
    ]);
    expect(
      found('Hungarian Finance Minister Mihály Varga said the budget would be revised.'),
    ).toEqual([{ id: 'mihaly-varga', role: 'finance-minister', country: 'HU', discovered: true }]);
    expect(found('Қаржы министрі Мәди Оспанбеков брифингте айтты.')).toEqual([
      { id: 'madi-ospanbekov', role: 'finance-minister', country: 'KZ', discovered: true },
    ]);
  });

  it('reads Chinese titles of other portfolios (教育部部长, 卫生与公众服务部长)', () => {
    expect(found('中国教育部部长陈宝生（Chen Baosheng）将出席仪式。', '2019-05-20')).toEqual([
      { id: 'chen-baosheng', role: 'education-minister', country: 'CN', discovered: true },
    ]);
    expect(found('美国卫生与公众服务部长阿扎（Alex Azar）表示', '2019-05-20')).toEqual([
      { id: 'alex-azar', role: 'health-minister', country: 'US', discovered: false },
    ]);
  });

  it('leaves deputies and former ministers out', () => {
    for (const text of [
      'заместитель министра финансов России Алексей Моисеев',
      'Deputy Finance Minister of Hungary Mihály Varga',
      'former Finance Minister of Hungary Mihály Varga',
    ]) {
      expect(found(text), text).toEqual([]);
    }
  });
});
