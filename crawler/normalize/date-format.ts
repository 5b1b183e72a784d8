/**
 * Dates in a format a source file declares ("M/d/yy" on the Malaysian MFA's
 * listing, "HH:mm / dd.MM.yyyy" on the Uzbek one), with Luxon's format
 * tokens (https://moment.github.io/luxon/#/parsing?id=table-of-tokens).
 * The date may sit inside other text ("Published 2/28/22"): the format's
 * pattern is searched for, then parsed in the source's time zone. Pure.
 */
import { DateTime } from 'luxon';

export interface FormattedDate {
  /** ISO 8601 with the zone's offset: local midnight when the format has no time. */
  iso: string;
  precision: 'datetime' | 'date';
  /** The part of the text that matched. */
  text: string;
}

const patterns = new Map<string, RegExp | null>();

/** The format's own pattern (Luxon builds it), unanchored so it can be found inside text. */
function patternOf(format: string): RegExp | null {
  let pattern = patterns.get(format);
  if (pattern === undefined) {
    const explained = DateTime.fromFormatExplain('', format, { locale: 'en' }) as {
      regex?: RegExp;
    };
    const source = explained.regex?.source.replace(/^\^/, '').replace(/\$$/, '');
    // Not a 'u' pattern: Luxon escapes literals (\ , \/) in ways Unicode mode rejects.
    pattern = source ? new RegExp(source, 'i') : null;
    patterns.set(format, pattern);
  }
  return pattern;
}

/** Whether a format gives a time of day (hours), not just a day. */
export function formatHasTime(format: string): boolean {
  // Quoted literals ('at') are not tokens.
  return /[Hhk]/.test(format.replace(/'[^']*'/g, ''));
}

/** Whether a Luxon format can parse anything at all ("M/d/yy" yes, "" or "xyz" no). */
export function isUsableFormat(format: string): boolean {
  const unquoted = format.replace(/'[^']*'/g, '');
  return /[dDoE]|M|L/.test(unquoted) && /[yY]/.test(unquoted) && patternOf(format) !== null;
}

export function parseFormattedDate(
  text: string,
  format: string,
  timeZone: string,
): FormattedDate | undefined {
  const pattern = patternOf(format);
  const found = pattern?.exec(text.replace(/\s+/g, ' ').trim());
  if (!found) return undefined;
  const parsed = DateTime.fromFormat(found[0], format, { zone: timeZone, locale: 'en' });
  if (!parsed.isValid) return undefined;
  const iso = parsed.toISO({ suppressMilliseconds: true });
  if (!iso) return undefined;
  return { iso, precision: formatHasTime(format) ? 'datetime' : 'date', text: found[0] };
}
