/**
 * Dates written in Russian, Kazakh, English and Chinese, and numeric forms.
 * Pure functions: text in, calendar parts out. A date is never invented: a
 * day and month without a year get their year only from context the caller
 * passes (the page's other dates, or the time the page was first fetched).
 */

export interface DateParts {
  year?: number | undefined;
  month: number;
  day: number;
  hour?: number | undefined;
  minute?: number | undefined;
  /** Where in the text the date starts, and what it looked like. */
  index: number;
  text: string;
}

const RU_MONTHS: [RegExp, number][] = [
  [/^январ/, 1],
  [/^феврал/, 2],
  [/^март/, 3],
  [/^апрел/, 4],
  [/^ма[йяю]/, 5],
  [/^июн/, 6],
  [/^июл/, 7],
  [/^август/, 8],
  [/^сентябр/, 9],
  [/^октябр/, 10],
  [/^ноябр/, 11],
  [/^декабр/, 12],
];

// Kazakh month names take case suffixes (желтоқсанда, қаңтардың), so stems match.
const KK_MONTHS: [RegExp, number][] = [
  [/^қаңтар/, 1],
  [/^ақпан/, 2],
  [/^наурыз/, 3],
  [/^сәуір/, 4],
  [/^мамыр/, 5],
  [/^маусым/, 6],
  [/^шілде/, 7],
  [/^тамыз/, 8],
  [/^қыркүйек/, 9],
  [/^қазан/, 10],
  [/^қараша/, 11],
  [/^желтоқсан/, 12],
];

const EN_MONTHS: [RegExp, number][] = [
  [/^jan(uary)?\.?$/, 1],
  [/^feb(ruary)?\.?$/, 2],
  [/^mar(ch)?\.?$/, 3],
  [/^apr(il)?\.?$/, 4],
  [/^may$/, 5],
  [/^june?\.?$/, 6],
  [/^july?\.?$/, 7],
  [/^aug(ust)?\.?$/, 8],
  [/^sep(t|tember)?\.?$/, 9],
  [/^oct(ober)?\.?$/, 10],
  [/^nov(ember)?\.?$/, 11],
  [/^dec(ember)?\.?$/, 12],
];

function monthOf(word: string): number | undefined {
  const w = word.toLowerCase();
  for (const table of [RU_MONTHS, KK_MONTHS, EN_MONTHS]) {
    for (const [pattern, month] of table) if (pattern.test(w)) return month;
  }
  return undefined;
}

const WORD = '[\\p{L}]+\\.?';
const YEAR = '(?:19|20)\\d{2}';

/** Patterns, most specific first; each yields named groups day, month (word or number), year. */
const PATTERNS: RegExp[] = [
  // 2023年12月1日, 12月1日
  new RegExp(
    `(?:(?<year>${YEAR})\\s*年\\s*)?(?<month>\\d{1,2})\\s*月\\s*(?<day>\\d{1,2})\\s*日`,
    'gu',
  ),
  // 2023-12-01, 2023/12/01, 2023.12.01 with an optional time
  new RegExp(
    `(?<![\\d.])(?<year>${YEAR})[-/.](?<month>\\d{1,2})[-/.](?<day>\\d{1,2})(?:[T ](?<hour>\\d{1,2}):(?<minute>\\d{2}))?(?![\\d])`,
    'gu',
  ),
  // 01.12.2023 (day first, as written in ru and kk)
  new RegExp(`(?<![\\d.])(?<day>\\d{1,2})\\.(?<month>\\d{1,2})\\.(?<year>${YEAR})(?![\\d])`, 'gu'),
  // December 1, 2023 · June11, 2018 · Dec. 1 · September 10
  new RegExp(
    `(?<monthWord>${WORD})\\s*(?<day>\\d{1,2})(?:st|nd|rd|th)?(?![\\d:])(?:,?\\s*(?<year>${YEAR}))?`,
    'gu',
  ),
  // 1 декабря 2023 г. · 1 желтоқсан 2023 · 1 December 2023 · 2023 жылғы 1 желтоқсан
  new RegExp(
    `(?:(?<yearBefore>${YEAR})\\s*ж(?:ыл)?\\.?\\S*\\s+)?(?<day>\\d{1,2})\\s+(?<monthWord>${WORD})(?:\\s+(?<year>${YEAR}))?`,
    'gu',
  ),
];

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function valid(year: number | undefined, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  if (year === undefined) return day <= (DAYS_IN_MONTH[month - 1] ?? 0);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Every date in the text, in order of position, overlapping matches removed. */
export function findDates(text: string): DateParts[] {
  const found: DateParts[] = [];
  for (const pattern of PATTERNS) {
    pattern.lastIndex = 0;
    for (const match of text.matchAll(pattern)) {
      const g = match.groups ?? {};
      const month = g.monthWord ? monthOf(g.monthWord) : Number(g.month);
      if (!month) continue;
      const day = Number(g.day);
      const yearText = g.year ?? g.yearBefore;
      const year = yearText ? Number(yearText) : undefined;
      if (!valid(year, month, day)) continue;
      const index = match.index ?? 0;
      const end = index + match[0].length;
      if (found.some((f) => index < f.index + f.text.length && end > f.index)) continue;
      const hour = g.hour ? Number(g.hour) : undefined;
      const minute = g.minute ? Number(g.minute) : undefined;
      found.push({ year, month, day, hour, minute, index, text: match[0] });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

export interface ResolveContext {
  /** Other dates on the page: a year-less date takes the year of the nearest one. */
  others?: DateParts[];
  /**
   * When the page was first fetched: a year-less date is taken as the latest
   * such day not after it (releases are fetched soon after they appear).
   */
  notAfter?: Date | undefined;
}

/** Gives a year-less date its year from context; undefined when context has none. */
export function resolveYear(date: DateParts, context: ResolveContext = {}): number | undefined {
  if (date.year !== undefined) return date.year;
  const withYear = (context.others ?? []).filter((d) => d.year !== undefined);
  if (withYear.length > 0) {
    const nearest = withYear.reduce((best, d) =>
      Math.abs(d.index - date.index) < Math.abs(best.index - date.index) ? d : best,
    );
    return nearest.year;
  }
  if (context.notAfter) {
    const limit = context.notAfter;
    let year = limit.getUTCFullYear();
    if (Date.UTC(year, date.month - 1, date.day) > limit.getTime()) year--;
    return year;
  }
  return undefined;
}

/** "+08:00" for a time zone at a given moment. */
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

export function offsetOf(timeZone: string, at: Date): string {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormats.set(timeZone, format);
  }
  const name = format.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value;
  const offset = name?.replace('GMT', '') ?? '';
  return offset === '' ? '+00:00' : offset;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO 8601 at local midnight (or the given time) in the source's time zone. */
export function toIsoInZone(
  parts: {
    year: number;
    month: number;
    day: number;
    hour?: number | undefined;
    minute?: number | undefined;
  },
  timeZone: string,
): string {
  const local = `${parts.year}-${pad(parts.month)}-${pad(parts.day)}T${pad(parts.hour ?? 0)}:${pad(parts.minute ?? 0)}:00`;
  const offset = offsetOf(timeZone, new Date(`${local}Z`));
  return `${local}${offset}`;
}

/** A publication date given as a field (an import line, an API or feed item), read strictly. */
export type GivenDate =
  | { kind: 'instant'; iso: string }
  | { kind: 'local'; parts: DateParts & { year: number } };

const ISO_8601 =
  /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})(?:[T ](?<hour>\d{2}):(?<minute>\d{2})(?::(?<second>\d{2})(?:\.\d+)?)?(?<zone>Z|[+-]\d{2}:?\d{2})?)?$/;
// RFC 2822, as feeds write it: "Tue, 02 Aug 2022 19:49:23 +0000".
const RFC_2822 =
  /^(?:[A-Za-z]{3},\s*)?(?<day>\d{1,2})\s+(?<month>[A-Za-z]{3})\s+(?<year>\d{4})\s+\d{2}:\d{2}(?::\d{2})?\s+(?:[+-]\d{4}|GMT|UT|UTC|[ECMP][SD]T|Z)$/;

/**
 * Reads a date field: ISO 8601 (a day, or a time with or without its zone),
 * RFC 2822, or one of the written forms `findDates` knows, with a year.
 * Anything else is undefined — "1" and "2024-02-30" are not dates, and a
 * day without a year is not enough: a date is never guessed.
 */
export function parseGivenDate(text: string): GivenDate | undefined {
  const value = text.trim();
  const iso = ISO_8601.exec(value)?.groups;
  if (iso) {
    const [year, month, day] = [Number(iso.year), Number(iso.month), Number(iso.day)];
    const hour = iso.hour === undefined ? undefined : Number(iso.hour);
    const minute = iso.minute === undefined ? undefined : Number(iso.minute);
    if (!valid(year, month, day) || (hour ?? 0) > 23 || (minute ?? 0) > 59) return undefined;
    if (Number(iso.second ?? 0) > 59) return undefined;
    if (iso.zone) {
      const at = Date.parse(value.replace(' ', 'T'));
      if (Number.isNaN(at)) return undefined;
      // An offset with seconds is kept as written: it says the source's local day.
      const keep = /T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$/.test(value);
      return { kind: 'instant', iso: keep ? value : new Date(at).toISOString() };
    }
    return { kind: 'local', parts: { year, month, day, hour, minute, index: 0, text: value } };
  }
  const rfc = RFC_2822.exec(value)?.groups;
  if (rfc) {
    const month = monthOf(rfc.month ?? '');
    const at = Date.parse(value);
    if (!month || !valid(Number(rfc.year), month, Number(rfc.day)) || Number.isNaN(at)) {
      return undefined;
    }
    return { kind: 'instant', iso: new Date(at).toISOString() };
  }
  const [only, ...more] = findDates(value);
  // The whole field must be the date ("1 декабря 2023 г." is; "see 1 May 2023" is not).
  const rest = only ? value.replace(only.text, '').replace(/[\s,.г]|года?|жыл\S*/gu, '') : value;
  if (!only || more.length > 0 || rest !== '' || only.year === undefined) return undefined;
  return { kind: 'local', parts: { ...only, year: only.year } };
}
