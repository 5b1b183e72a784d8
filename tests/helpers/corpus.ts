/**
 * Real data from ../shared, read in the shapes tests need. Nothing is copied
 * into the repository.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sharedPath } from './shared.js';

export interface StateDeptRecord {
  url: string;
  title: string;
  published: string;
  html: string;
}

export const stateDeptFile = () => sharedPath('corpus', 'state-dept', 'releases.jsonl');

export function readJsonLines<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

export const readStateDept = () => readJsonLines<StateDeptRecord>(stateDeptFile());

export interface NewsText {
  id: string;
  url: string;
  lang: string;
  title: string | null;
  text: string;
}

export const readNewsTexts = () =>
  readJsonLines<NewsText>(sharedPath('corpus', 'mfa-news-ru-kk', 'texts.jsonl'));

export interface ManifestEntry {
  url: string;
  path: string;
  kind: string;
  lang: string | null;
}

export const fmprcDir = () => sharedPath('sites', 'www.fmprc.gov.cn');

export const readFmprcManifest = () =>
  readJsonLines<ManifestEntry>(path.join(fmprcDir(), '_manifest.jsonl'));

/**
 * An import file of Russian and Kazakh news texts and Chinese MFA pages, in
 * the import line format, so tests can search Cyrillic and Chinese releases.
 */
export async function writeMultilingualImport(dir: string, perLanguage = 10): Promise<string> {
  const lines: object[] = [];
  const news = readNewsTexts();
  for (const lang of ['ru', 'kk']) {
    for (const item of news.filter((n) => n.lang === lang).slice(0, perLanguage)) {
      const date = /^date (\d{4}-\d{2}-\d{2})/.exec(item.text)?.[1] ?? '2024-01-01';
      lines.push({
        url: item.url,
        title: item.title ?? item.text.slice(0, 80),
        text: item.text,
        published: `${date}T00:00:00Z`,
        lang,
        source: 'kz-mfa',
      });
    }
  }
  const zh = readFmprcManifest().filter((m) => m.kind === 'item' && m.lang === 'zh');
  for (const entry of zh.slice(0, perLanguage)) {
    const html = readFileSync(path.join(fmprcDir(), entry.path), 'utf8');
    const title = /<title>([^<]*)<\/title>/i.exec(html)?.[1]?.trim() || entry.url;
    const date =
      /(\d{4}-\d{2}-\d{2})/.exec(html.slice(html.indexOf('News_Body_Time')))?.[1] ?? '2020-01-01';
    lines.push({
      url: entry.url,
      title,
      html,
      published: `${date}T00:00:00+08:00`,
      lang: 'zh',
      source: 'cn-mfa',
    });
  }
  const file = path.join(dir, 'multilingual.jsonl');
  await writeFile(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  return file;
}

/**
 * Import lines (as `npm run import` reads them) made from the ru/kk/en news
 * texts: gov.kz-style URLs, a title from the first words where the text has
 * none, and dates spread over the years.
 */
export function newsImportLines(count: number, firstId: number) {
  return readNewsTexts()
    .filter((t) => t.text.trim().length > 200)
    .slice(0, count)
    .map((t, i) => ({
      url: `https://www.gov.kz/memleket/entities/mfa/press/news/details/${firstId + i}`,
      title: t.title ?? t.text.trim().split(/\s+/).slice(0, 10).join(' '),
      text: t.text,
      lang: t.lang,
      published: new Date(Date.UTC(2015 + (i % 11), i % 12, 1 + (i % 28), i % 24)).toISOString(),
      source: 'kz-mfa',
    }));
}
