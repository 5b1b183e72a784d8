/**
 * The dateline: the city a news text says it was written in, at its very
 * start ("Чэнду. 1 декабря. KAZAKHSTAN TODAY - …", "АСТАНА, 5 марта. /Казинформ/",
 * "WASHINGTON, Dec 1 (Reuters) -", "新华社北京12月1日电"). Only a place
 * followed by a date or an agency mark counts, so ordinary first words are
 * never taken for cities.
 */
import { findDates } from './dates.js';

const CITY = "\\p{Lu}[\\p{L}\\p{M}’'-]*(?:[ -]\\p{Lu}[\\p{L}\\p{M}’'-]*){0,2}";
const LEADING = new RegExp(`^\\s*(?<city>${CITY})\\s*(?:\\([^)]{1,40}\\))?\\s*[.,—–-]\\s*`, 'u');
const CHINESE =
  /^\s*(?:新华社|中新社|人民网)?(?<city>\p{Script=Han}{2,4}?)(?:\d{1,2}月\d{1,2}日)电/u;
const AGENCY = /^(?:\/?\p{Lu}[\p{L}\s]{1,30}\/?\s*[-—–]|\(\p{L}[\p{L}\s]{1,20}\)\s*[-—–])/u;

/** "АСТАНА" → "Астана", "NEW YORK" → "New York"; mixed case is kept. */
function cityCase(city: string): string {
  if (city !== city.toUpperCase()) return city;
  return city
    .toLowerCase()
    .replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
}

/**
 * The text after its dateline, date and agency mark ("Чэнду. 1 декабря.
 * KAZAKHSTAN TODAY - В рамках…" → "В рамках…"); the text itself when it has none.
 */
export function withoutDateline(text: string): string {
  const match = LEADING.exec(text);
  if (!match || findDateline(text) === null) return text;
  let rest = text.slice(match[0].length);
  const date = findDates(rest.slice(0, 40))[0];
  if (date && date.index === 0) rest = rest.slice(date.text.length).replace(/^[\s.,]+/, '');
  const agency = /^(?:\/?[\p{Lu}\d][\p{L}\d\s]{1,30}\/?|\([\p{L}\s]{1,20}\))\s*[-—–]+\s*/u.exec(
    rest,
  );
  return agency ? rest.slice(agency[0].length) : rest;
}

export function findDateline(text: string): string | null {
  const head = text.slice(0, 200);
  const zh = CHINESE.exec(head);
  if (zh?.groups?.city) return zh.groups.city;
  const match = LEADING.exec(head);
  if (!match?.groups?.city) return null;
  const rest = head.slice(match[0].length);
  const date = findDates(rest.slice(0, 40))[0];
  if ((date && date.index === 0) || AGENCY.test(rest)) return cityCase(match.groups.city);
  return null;
}
