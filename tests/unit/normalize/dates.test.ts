import { describe, expect, it } from 'vitest';
import { findDates, offsetOf, resolveYear, toIsoInZone } from '../../../crawler/normalize/dates.js';

const first = (text: string) => {
  const d = findDates(text)[0];
  return d ? [d.year, d.month, d.day] : undefined;
};

describe('dates in four languages', () => {
  it.each([
    ['1 декабря 2023', [2023, 12, 1]],
    ['Астана, 15 мая 2024 г.', [2024, 5, 15]],
    ['1 желтоқсан 2023', [2023, 12, 1]],
    ['2023 жылғы 1 желтоқсанда', [2023, 12, 1]],
    ['December 1, 2023', [2023, 12, 1]],
    ['Dec. 5, 2019', [2019, 12, 5]],
    ['1 December 2023', [2023, 12, 1]],
    ['Regular Press Conference on June11, 2018', [2018, 6, 11]],
    ['2023年12月1日', [2023, 12, 1]],
    ['2023-12-01', [2023, 12, 1]],
    ['01.12.2023', [2023, 12, 1]],
    ['2023/12/01', [2023, 12, 1]],
  ])('reads %s', (text, expected) => {
    expect(first(text)).toEqual(expected);
  });

  it('keeps a day and month without a year as such', () => {
    expect(first('Чэнду. 1 декабря. KAZAKHSTAN TODAY')).toEqual([undefined, 12, 1]);
    expect(first('Press Conference on September 10')).toEqual([undefined, 9, 10]);
    expect(first('12月1日')).toEqual([undefined, 12, 1]);
  });

  it('rejects impossible dates and numbers that are not dates', () => {
    expect(findDates('31 февраля 2023')).toEqual([]);
    expect(findDates('2023-02-30')).toEqual([]);
    expect(findDates('за 10 месяцев достиг $36,5 млрд')).toEqual([]);
    expect(findDates('Resolution 2231')).toEqual([]);
  });

  it('takes the time when one is given', () => {
    expect(findDates('2026-06-09T11:48:00Z')[0]).toMatchObject({ hour: 11, minute: 48 });
  });
});

describe('years from context', () => {
  it('takes the nearest full date on the page', () => {
    const text = 'Remarks on September 10. Earlier, on August 30, 2019, the spokesperson said…';
    const dates = findDates(text);
    expect(resolveYear(dates[0]!, { others: dates.slice(1) })).toBe(2019);
  });

  it('takes the latest such day not after the first fetch', () => {
    const date = findDates('1 декабря')[0]!;
    expect(resolveYear(date, { notAfter: new Date('2023-12-03T00:00:00Z') })).toBe(2023);
    expect(resolveYear(date, { notAfter: new Date('2024-03-01T00:00:00Z') })).toBe(2023);
  });

  it('invents nothing without context', () => {
    expect(resolveYear(findDates('1 декабря')[0]!)).toBeUndefined();
  });
});

describe('time zones', () => {
  it('writes local midnight with the zone offset of that day', () => {
    expect(toIsoInZone({ year: 2018, month: 5, day: 11 }, 'Asia/Shanghai')).toBe(
      '2018-05-11T00:00:00+08:00',
    );
    expect(toIsoInZone({ year: 2022, month: 1, day: 10 }, 'America/New_York')).toBe(
      '2022-01-10T00:00:00-05:00',
    );
    expect(toIsoInZone({ year: 2022, month: 7, day: 10 }, 'America/New_York')).toBe(
      '2022-07-10T00:00:00-04:00',
    );
    expect(offsetOf('UTC', new Date())).toBe('+00:00');
  });
});
