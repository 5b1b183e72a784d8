/**
 * What `npm run sources -- check ID` says about each item: what extraction
 * found (title, date, language, body length, countries, ministers), a
 * verdict per field, and the exact reason for each failure, so a person
 * adding or repairing a ministry sees at once which rule of the source file
 * is wrong. Pure: normalize outcomes in, verdicts out.
 */
import type { NormalizeOutcome } from '../normalize/types.js';
import type { SourceDefinition } from './schema.js';

export type Verdict = 'pass' | 'warn' | 'fail';

export interface FieldVerdict {
  field: 'title' | 'date' | 'language' | 'body' | 'countries' | 'ministers';
  verdict: Verdict;
  /** What was found, short. */
  value: string;
  /** Why it is a warning or a failure. */
  reason?: string;
}

export interface ItemVerdict {
  url: string;
  fields: FieldVerdict[];
  verdict: Verdict;
  /** The item produced no release: its code and reason. */
  error?: { code: string; reason: string };
}

export interface CheckVerdict {
  passed: boolean;
  items: ItemVerdict[];
  /** Why the whole check failed, when it did. */
  reasons: string[];
}

/** Bodies shorter than this are suspicious: a teaser, a caption, the wrong element. */
export const SHORT_BODY = 200;
/** Titles longer than this are probably a paragraph, not a heading. */
export const LONG_TITLE = 300;

const worst = (verdicts: Verdict[]): Verdict =>
  verdicts.includes('fail') ? 'fail' : verdicts.includes('warn') ? 'warn' : 'pass';

const short = (text: string, max = 70) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const list = (rules: readonly unknown[] | undefined) =>
  rules && rules.length > 0 ? rules.map((r) => JSON.stringify(r)).join(', ') : 'none';

export function judgeItem(
  url: string,
  outcome: NormalizeOutcome,
  source: Pick<SourceDefinition, 'languages' | 'name' | 'extract'>,
  now: Date = new Date(),
): ItemVerdict {
  if (!outcome.ok) {
    const reason = `${outcome.code}: ${outcome.reason}`;
    const field = outcome.code === 'NO_TITLE' ? 'title' : 'body';
    return {
      url,
      verdict: 'fail',
      error: { code: outcome.code, reason: outcome.reason },
      fields: [{ field, verdict: 'fail', value: '—', reason }],
    };
  }
  const { release, warnings } = outcome;
  const warning = (code: string) => warnings.find((w) => w.code === code);
  const fields: FieldVerdict[] = [];

  if (release.title.length > LONG_TITLE) {
    fields.push({
      field: 'title',
      verdict: 'warn',
      value: short(release.title),
      reason: `${release.title.length} characters: a paragraph rather than a heading? (extract.title: ${list(source.extract.title)})`,
    });
  } else if (release.title.trim().toLowerCase() === source.name.en.toLowerCase()) {
    fields.push({
      field: 'title',
      verdict: 'fail',
      value: short(release.title),
      reason: `the site's name, not the release's title (extract.title: ${list(source.extract.title)})`,
    });
  } else {
    fields.push({ field: 'title', verdict: 'pass', value: short(release.title) });
  }

  if (release.published === null) {
    const unknown = warning('DATE_UNKNOWN');
    fields.push({
      field: 'date',
      verdict: 'fail',
      value: '—',
      reason: `${unknown?.message ?? 'no date found'} (extract.date: ${list(source.extract.date)})`,
    });
  } else {
    const at = Date.parse(release.published);
    const guessed = warning('YEAR_FROM_CONTEXT') ?? warning('YEAR_FROM_FETCH_TIME');
    if (at > now.getTime() + 86_400_000) {
      fields.push({
        field: 'date',
        verdict: 'fail',
        value: release.published,
        reason: 'in the future: a wrong format or day/month order?',
      });
    } else if (at < Date.UTC(1990, 0, 1)) {
      fields.push({
        field: 'date',
        verdict: 'fail',
        value: release.published,
        reason: 'before 1990: a wrong format or a number that is not a date?',
      });
    } else if (guessed) {
      fields.push({
        field: 'date',
        verdict: 'warn',
        value: release.published,
        reason: guessed.message,
      });
    } else {
      fields.push({
        field: 'date',
        verdict: 'pass',
        value: `${release.published} (${release.datePrecision})`,
      });
    }
  }

  if (!source.languages.includes(release.lang)) {
    fields.push({
      field: 'language',
      verdict: 'fail',
      value: release.lang,
      reason: `not one of the source's languages (${source.languages.join(', ')})`,
    });
  } else if (warning('LANG_DETECTED') && source.extract.language === 'detect') {
    // The file asks for it: the listing mixes languages.
    fields.push({
      field: 'language',
      verdict: 'pass',
      value: `${release.lang} (told from the text)`,
    });
  } else if (warning('LANG_DETECTED')) {
    fields.push({
      field: 'language',
      verdict: 'warn',
      value: release.lang,
      reason: 'detected from the text: neither the listing nor the page says',
    });
  } else {
    fields.push({ field: 'language', verdict: 'pass', value: release.lang });
  }

  const length = release.body.length;
  fields.push(
    length < SHORT_BODY
      ? {
          field: 'body',
          verdict: 'warn',
          value: `${length} characters`,
          reason: `short: a teaser or the wrong element? (extract.body: ${list(source.extract.body)})`,
        }
      : { field: 'body', verdict: 'pass', value: `${length} characters` },
  );
  fields.push(
    release.countries.length === 0
      ? { field: 'countries', verdict: 'warn', value: '—', reason: 'none recognised in the text' }
      : { field: 'countries', verdict: 'pass', value: release.countries.join(' ') },
  );
  fields.push({
    field: 'ministers',
    verdict: 'pass',
    value: release.ministers.length > 0 ? release.ministers.join(' ') : '—',
  });
  return { url, fields, verdict: worst(fields.map((f) => f.verdict)) };
}

/**
 * The check passes when items were read and none fails on title, language
 * or body, and most of them have a date (some pages print none).
 */
export function judgeCheck(items: ItemVerdict[]): CheckVerdict {
  const reasons: string[] = [];
  if (items.length === 0)
    reasons.push('no item was read: check the listing rules and the start URL');
  const failing = items.filter((item) =>
    item.fields.some((f) => f.verdict === 'fail' && f.field !== 'date'),
  );
  if (failing.length > 0) {
    reasons.push(`${failing.length} of ${items.length} items fail on title, language or body`);
  }
  const undated = items.filter((item) =>
    item.fields.some((f) => f.field === 'date' && f.verdict === 'fail'),
  );
  if (items.length > 0 && undated.length * 2 > items.length) {
    reasons.push(
      `${undated.length} of ${items.length} items have no usable date: check extract.date`,
    );
  }
  return { passed: reasons.length === 0, items, reasons };
}

const MARK: Record<Verdict, string> = { pass: 'ok  ', warn: 'warn', fail: 'FAIL' };

/** The report a person reads: one block per item, one line per field. */
export function formatCheck(check: CheckVerdict): string {
  const lines: string[] = [];
  for (const item of check.items) {
    lines.push(`${MARK[item.verdict]} ${item.url}`);
    for (const f of item.fields) {
      lines.push(
        `       ${MARK[f.verdict]} ${f.field.padEnd(9)} ${f.value}${f.reason ? `\n                      ↳ ${f.reason}` : ''}`,
      );
    }
  }
  const counts = (v: Verdict) => check.items.filter((i) => i.verdict === v).length;
  lines.push(
    '',
    `${check.items.length} items: ${counts('pass')} pass, ${counts('warn')} with warnings, ${counts('fail')} failing`,
    check.passed ? 'check passed' : `check FAILED: ${check.reasons.join('; ')}`,
  );
  return lines.join('\n');
}
