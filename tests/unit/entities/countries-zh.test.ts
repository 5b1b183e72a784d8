import { describe, expect, it } from 'vitest';
import { countriesOf } from './helpers.js';

describe('Chinese country names', () => {
  it('reads full names', () => {
    expect(countriesOf('中国和哈萨克斯坦签署协议，美国、俄罗斯表示关注。', 'zh')).toEqual([
      'CN',
      'KZ',
      'RU',
      'US',
    ]);
  });

  it('reads X方 forms but not 方面/方式', () => {
    expect(countriesOf('中方对此表示欢迎，美方和俄方也发表了声明，哈方表示支持。', 'zh')).toEqual([
      'CN',
      'KZ',
      'RU',
      'US',
    ]);
    expect(countriesOf('在经济方面和合作方式上', 'zh')).toEqual([]);
  });

  it('reads bilateral compounds such as 中美关系', () => {
    expect(countriesOf('中美关系和中俄两国的合作', 'zh')).toEqual(['CN', 'RU', 'US']);
    expect(countriesOf('中巴经济走廊', 'zh')).toEqual(['CN', 'PK']);
  });

  it('keeps longer names apart: 白俄罗斯, 巴布亚新几内亚, 南苏丹, 尼日利亚', () => {
    expect(countriesOf('白俄罗斯', 'zh')).toEqual(['BY']);
    expect(countriesOf('巴布亚新几内亚', 'zh')).toEqual(['PG']);
    expect(countriesOf('南苏丹', 'zh')).toEqual(['SS']);
    expect(countriesOf('尼日利亚和尼日尔', 'zh')).toEqual(['NE', 'NG']);
  });

  it('does not take regions, cities or look-alike words for countries', () => {
    expect(countriesOf('中亚和中东地区的发展中国家', 'zh')).toEqual([]);
    expect(countriesOf('北京、华盛顿和莫斯科', 'zh')).toEqual([]);
    expect(countriesOf('朝鲜半岛局势和中美洲国家', 'zh')).toEqual([]);
    expect(countriesOf('各缔约方和参加方', 'zh')).toEqual([]);
  });

  it('reads runs of one-character abbreviations before a word that makes them states', () => {
    expect(countriesOf('美日韩三方合作', 'zh')).toEqual(['JP', 'KR', 'US']);
    expect(countriesOf('朝韩关系', 'zh')).toEqual(['KP', 'KR']);
    expect(countriesOf('东盟与中日韩（10+3）高官会', 'zh')).toEqual(['CN', 'JP', 'KR']);
    expect(countriesOf('《美墨加协定》；美、墨、加三方达成协定', 'zh')).toEqual(['CA', 'MX', 'US']);
    expect(countriesOf('巴以双方', 'zh')).toEqual(['IL', 'PS']);
    expect(countriesOf('中以关系和中巴经济走廊', 'zh')).toEqual(['CN', 'IL', 'PK']);
    expect(countriesOf('港澳台地区', 'zh')).toEqual(['HK', 'MO', 'TW']);
  });

  it('does not read words that begin or end with an abbreviation character as states', () => {
    // 近日 "recently", 加强 "strengthen", 加以 "to apply", 以 "by", 穿越 "cross", 蒙古 itself.
    expect(countriesOf('近日美方表示', 'zh')).toEqual(['US']);
    expect(countriesOf('中菲加强海警合作', 'zh')).toEqual(['CN', 'PH']);
    expect(countriesOf('深化以中巴经济走廊为中心的合作', 'zh')).toEqual(['CN', 'PK']);
    expect(countriesOf('试图穿越中俄边境', 'zh')).toEqual(['CN', 'RU']);
    expect(countriesOf('蒙古外长表示', 'zh')).toEqual(['MN']);
    expect(countriesOf('布兰斯塔德日前发表声明', 'zh')).toEqual([]);
  });

  it('does not read a country inside a longer word: 南海地区 (海地), 阿巴西 (巴西), 台湾海峡', () => {
    expect(countriesOf('维护南海地区和沿海地区的和平稳定', 'zh')).toEqual([]);
    expect(countriesOf('阿巴西当选并出任巴基斯坦总理', 'zh')).toEqual(['PK']);
    expect(countriesOf('台湾海峡和平稳定', 'zh')).toEqual([]);
    expect(countriesOf('巴西和海地的代表', 'zh')).toEqual(['BR', 'HT']);
  });
});
