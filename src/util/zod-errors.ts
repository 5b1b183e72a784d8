import type { z } from 'zod';

export interface FieldProblem {
  /** Dotted path of the field (a query parameter, a variable, a JSON field). */
  field: string;
  /** The value that was given, when there was one. */
  value: unknown;
  message: string;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** One problem per zod issue, each naming the field and the value given. */
export function fieldProblems(error: z.ZodError, input: unknown): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(root)',
    value: valueAt(input, issue.path),
    message: issue.message,
  }));
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const short = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return JSON.stringify(short);
}

/** Human-readable lines: `- FIELD = "value": message`. */
export function formatZodIssues(error: z.ZodError, input: unknown): string {
  return fieldProblems(error, input)
    .map((p) => `- ${p.field} = ${describeValue(p.value)}: ${p.message}`)
    .join('\n');
}
