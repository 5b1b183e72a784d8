/**
 * One item of a JSON API, read by the field paths its source file gives
 * (`extract.fields`: title, date, body, id): gov.kz's `created_date` and
 * `body`/`short_description` live in kz-mfa.yaml, not in code. Pure.
 */
import { firstText, valueAtPath } from '../../src/util/json-path.js';
import { describeValue } from '../../src/util/zod-errors.js';
import { htmlToText, normalizeSpaces } from './clean-html.js';

export interface JsonFields {
  id: string;
  title: string;
  date?: string | undefined;
  body: readonly string[];
  slug?: string | undefined;
}

export interface JsonItemText {
  title: string;
  /** The item's date exactly as the API gives it (ISO 8601 or another form). */
  date?: string;
  /** The body as clean text, paragraphs separated by a blank line. */
  text: string;
}

export class JsonItemError extends Error {
  readonly code = 'INVALID_ITEM';
}

export function readJsonItem(text: string, fields: JsonFields): JsonItemText {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new JsonItemError(`item is not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new JsonItemError(`item = ${describeValue(value)}: must be an object`);
  }
  const id = valueAtPath(value, fields.id);
  if (typeof id !== 'string' && typeof id !== 'number') {
    throw new JsonItemError(
      `item field ${fields.id} = ${describeValue(id)}: must be a string or a number`,
    );
  }
  const title = valueAtPath(value, fields.title);
  if (typeof title !== 'string' || !title.trim()) {
    throw new JsonItemError(
      `item field ${fields.title} = ${describeValue(title)}: must be a non-empty string`,
    );
  }
  const date = fields.date ? valueAtPath(value, fields.date) : undefined;
  if (fields.date && (typeof date !== 'string' || !date.trim())) {
    throw new JsonItemError(`item field ${fields.date} = ${describeValue(date)}: must be a date`);
  }
  const html = firstText(value, fields.body) ?? '';
  return {
    title: normalizeSpaces(title).replace(/\s+/g, ' ').trim(),
    ...(typeof date === 'string' ? { date } : {}),
    text: htmlToText(html),
  };
}
