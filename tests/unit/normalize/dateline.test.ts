import { describe, expect, it } from 'vitest';
import { findDateline, withoutDateline } from '../../../crawler/normalize/dateline.js';

describe('dateline', () => {
  it.each([
    ['Чэнду. 1 декабря. KAZAKHSTAN TODAY - В рамках участия', 'Чэнду'],
    ['АСТАНА, 5 марта. /Казинформ/ - Министр иностранных дел', 'Астана'],
    ['Астана. 12 марта 2024 г. – Министр', 'Астана'],
    ['WASHINGTON, Dec 1 (Reuters) - The Secretary', 'Washington'],
    ['NEW YORK, March 3, 2022 — The Secretary', 'New York'],
    ['新华社北京12月1日电 外交部发言人', '北京'],
  ])('finds the city in %j', (text, city) => {
    expect(findDateline(text)).toBe(city);
  });

  it.each([
    'Министр иностранных дел Казахстана провел встречу',
    'Office of the Spokesperson\n\nThe Secretary',
    'Kangerlussuaq, Greenland\n\nKangerlussuaq Airport',
    'Казахстан и Китай — это не просто соседи',
  ])('finds none in %j', (text) => {
    expect(findDateline(text)).toBeNull();
  });
});

describe('text without its dateline', () => {
  it('drops city, date and agency mark', () => {
    expect(withoutDateline('Чэнду. 1 декабря. KAZAKHSTAN TODAY - В рамках участия')).toBe(
      'В рамках участия',
    );
    expect(withoutDateline('АСТАНА, 5 марта. /Казинформ/ - Министр')).toBe('Министр');
    expect(withoutDateline('WASHINGTON, Dec 1 (Reuters) - The Secretary')).toBe('The Secretary');
    expect(withoutDateline('Министр провел встречу')).toBe('Министр провел встречу');
  });
});
