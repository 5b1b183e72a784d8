/**
 * The widget tests' corpus, in the import line format and read from
 * ../shared: State Department releases, the Russian/Kazakh/English news
 * texts, the Kazakhstan seed release, and one hostile release whose title and
 * body carry HTML and script payloads.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readNewsTexts, readStateDept } from '../../helpers/corpus.js';
import { sharedPath } from '../../helpers/shared.js';

export const STATE_DEPT_RELEASES = 400;

export const HOSTILE = {
  url: 'https://hostile.example/release/1',
  title:
    'Zanzibarine notice <img src=x onerror="window.__pwned=1;alert(1)"> <script>window.__pwned=2</script> "><svg onload=alert(3)>',
  text: 'Zanzibarine body &lt;b&gt;bold&lt;/b&gt; <script>alert("body")</script> then <img src=x onerror=alert(2)> then <iframe src="javascript:alert(4)"></iframe> end.',
  published: '2024-05-01T10:00:00Z',
  lang: 'en',
  source: 'us-state',
};

export async function writeWidgetCorpus(dir: string): Promise<string> {
  const lines: object[] = [];
  for (const record of readStateDept().slice(0, STATE_DEPT_RELEASES)) {
    lines.push({ ...record, source: 'us-state', lang: 'en' });
  }
  for (const item of readNewsTexts()) {
    // A text opening with a scraper's date stamp gives its date through the import
    // (which drops the stamp from the body, as the seed does); others get one.
    const stamped = /^\s*date \d{4}-\d{2}-\d{2}/.test(item.text);
    const firstLine =
      item.text
        .replace(/\bdate \d{4}-\d{2}-\d{2}/, '')
        .trim()
        .split('\n')[0] ?? '';
    lines.push({
      url: item.url,
      title: item.title ?? firstLine.slice(0, 120),
      text: item.text,
      ...(stamped ? {} : { published: '2024-01-01T00:00:00Z' }),
      lang: item.lang,
      source: 'kz-mfa',
    });
  }
  const seed = readFileSync(sharedPath('fixtures', 'kazakhstan-today-seed.txt'), 'utf8');
  lines.push({
    url: 'https://www.kazakhstan.today/seed-release',
    title: seed.trim().split('\n')[0]?.slice(0, 160) ?? 'Seed release',
    text: seed,
    published: '2024-03-05T00:00:00Z',
    lang: 'ru',
    source: 'kz-mfa',
  });
  lines.push(HOSTILE);
  const file = path.join(dir, 'widget-corpus.jsonl');
  await writeFile(file, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
  return file;
}
