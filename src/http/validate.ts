/**
 * Request validation shared by the routes: zod schemas in, a 400
 * INVALID_PARAMETER naming each bad parameter and its value out.
 */
import type { Request } from 'express';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { LABEL_LOCALES } from '../search/params.js';
import { fieldProblems } from '../util/zod-errors.js';

export class InvalidParameterError extends AppError {
  constructor(problems: { param: string; value: unknown; message: string }[]) {
    const first = problems[0];
    const message = first
      ? `Invalid parameter "${first.param}"${first.value === undefined ? '' : ` = ${JSON.stringify(first.value)}`}: ${first.message}`
      : 'Invalid parameters';
    super('INVALID_PARAMETER', message, 400, problems);
  }
}

export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const known = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  const problems = parsed.error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        param: key,
        value: (input as Record<string, unknown>)[key],
        message: `unknown parameter; known ones: ${known.join(', ')}`,
      }));
    }
    return fieldProblems(new z.ZodError([issue]), input).map((p) => ({
      param: p.field,
      value: p.value,
      message: p.message,
    }));
  });
  throw new InvalidParameterError(problems);
}

export function localeFrom(request: Request): (typeof LABEL_LOCALES)[number] {
  const accepted = request.acceptsLanguages(...LABEL_LOCALES);
  return typeof accepted === 'string' ? (accepted as (typeof LABEL_LOCALES)[number]) : 'en';
}
