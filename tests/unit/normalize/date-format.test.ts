/** Dates in the formats source files declare, found inside text, in the source's time zone. */
import { describe, expect, it } from 'vitest';
import {
  formatHasTime,
  isUsableFormat,
  parseFormattedDate,
} from '../../../crawler/normalize/date-format.js';

describe('parseFormattedDate', () => {
  it('reads US-style M/D/YY dates without zero padding (Malaysian MFA)', () => {
    expect(parseFormattedDate('2/28/22', 'M/d/yy', 'Asia/Kuala_Lumpur')).toEqual({
      iso: '2022-02-28T00:00:00+08:00',
      precision: 'date',
      text: '2/28/22',
    });
    expect(parseFormattedDate(' 12/14/19 ', 'M/d/yy', 'Asia/Kuala_Lumpur')?.iso).toBe(
      '2019-12-14T00:00:00+08:00',
    );
  });

  it('reads a time and a day, and finds them inside other text (Uzbek MFA)', () => {
    expect(
      parseFormattedDate(
        'Published 19:50 / 07.02.2022, 15 views',
        'HH:mm / dd.MM.yyyy',
        'Asia/Tashkent',
      ),
    ).toEqual({
      iso: '2022-02-07T19:50:00+05:00',
      precision: 'datetime',
      text: '19:50 / 07.02.2022',
    });
  });

  it('reads month names in any case', () => {
    expect(
      parseFormattedDate('PUTRAJAYA 25 JANUARY 2022', 'd MMMM yyyy', 'Asia/Kuala_Lumpur')?.iso,
    ).toBe('2022-01-25T00:00:00+08:00');
  });

  it('gives the offset the zone had on that day (summer time)', () => {
    expect(parseFormattedDate('7/1/12', 'M/d/yy', 'Europe/London')?.iso).toBe(
      '2012-07-01T00:00:00+01:00',
    );
  });

  it('finds nothing rather than guessing', () => {
    expect(parseFormattedDate('no date here', 'M/d/yy', 'UTC')).toBeUndefined();
    expect(parseFormattedDate('2/30/22', 'M/d/yy', 'UTC')).toBeUndefined();
  });
});

describe('formats', () => {
  it('knows which formats give a time and which are usable at all', () => {
    expect(formatHasTime('HH:mm / dd.MM.yyyy')).toBe(true);
    expect(formatHasTime("d MMMM yyyy 'at noon'")).toBe(false);
    expect(isUsableFormat('M/d/yy')).toBe(true);
    expect(isUsableFormat('HH:mm')).toBe(false);
    expect(isUsableFormat('')).toBe(false);
  });
});
