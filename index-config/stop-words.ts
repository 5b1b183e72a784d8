/**
 * Stop words of every language (index-config/stop-words/<lang>.txt, one a
 * line, # comments): Meilisearch ignores them, and so do the shadow fields
 * and the query rewriting (src/search/morphology.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'stop-words');

function loadStopWords(): string[] {
  const words = readdirSync(dir)
    .filter((file) => file.endsWith('.txt'))
    .flatMap((file) =>
      readFileSync(path.join(dir, file), 'utf8')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#')),
    );
  return [...new Set(words)].sort();
}

export const STOP_WORDS: ReadonlySet<string> = new Set(loadStopWords());
