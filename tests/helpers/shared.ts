/**
 * One place that knows where the read-only shared data lives: `../shared`
 * beside the repository, or SHARED_DIR. A missing folder is an error naming
 * the expected place, never a silent skip.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const sharedDir = path.resolve(
  process.env.SHARED_DIR ?? path.join(repoRoot, '..', 'shared'),
);

/** Absolute path of a file under the shared folder; throws when it is missing. */
export function sharedPath(...parts: string[]): string {
  const full = path.join(sharedDir, ...parts);
  if (!existsSync(full)) {
    throw new Error(
      `Shared test data not found: ${full}. Tests read real data from ../shared beside the repository; set SHARED_DIR to its location.`,
    );
  }
  return full;
}
