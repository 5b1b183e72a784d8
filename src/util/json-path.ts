/**
 * Field paths into JSON answers, as source files write them: dotted names
 * with list indices (`data.news`, `results`, `items.0.url`). Pure.
 */

/** The value at a path, or undefined when any step is missing. */
export function valueAtPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(key)) return undefined;
      current = current[Number(key)];
    } else {
      current = (current as Record<string, unknown>)[key];
    }
  }
  return current;
}

/** A path as a source file may write it: names and indices joined by dots. */
export const JSON_PATH = /^[A-Za-z_$][\w$-]*(\.([A-Za-z_$][\w$-]*|\d+))*$/;

/** The first of several paths whose value is a non-empty string (or a number, as text). */
export function firstText(value: unknown, paths: readonly string[]): string | undefined {
  for (const path of paths) {
    const found = valueAtPath(value, path);
    if (typeof found === 'number' && Number.isFinite(found)) return String(found);
    if (typeof found === 'string' && found.trim()) return found;
  }
  return undefined;
}
