/**
 * The seed: what a fresh install imports when its index is empty, so search
 * works at once. By default every real text at hand in SHARED_DIR — the State
 * Department releases, the Russian/Kazakh/English news texts, the
 * Kazakhstan Today release and the saved China MFA pages (English and
 * Chinese, read by cn-mfa's rules) — each through the import path (archive →
 * normalize → group → index). SEED_FILE names one file of your own instead
 * (its lines without "source" get SEED_SOURCE); "off" imports nothing.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/env.js';

/** In DATA_DIR while a seed import runs: still there at the next start, the seed was cut short. */
const SEED_MARKER = 'seed-in-progress';

export function seedCutShort(dataDir: string): boolean {
  return existsSync(path.join(dataDir, SEED_MARKER));
}

export function markSeedStarted(dataDir: string): void {
  writeFileSync(path.join(dataDir, SEED_MARKER), `${new Date().toISOString()}\n`);
}

export function markSeedDone(dataDir: string): void {
  rmSync(path.join(dataDir, SEED_MARKER), { force: true });
}

export interface SeedFile {
  file: string;
  /** For lines (or a text file) without their own source. */
  source: string;
  lang?: string;
}

/** Source ids of the shared texts that no crawler produces. */
export const NEWS_SOURCE = 'mfa-news-ru-kk';
export const KAZAKHSTAN_TODAY_SOURCE = 'kazakhstan-today';

export function seedFiles(
  config: Pick<Config, 'SEED_FILE' | 'SEED_SOURCE' | 'SHARED_DIR'>,
  root: string,
): SeedFile[] {
  if (config.SEED_FILE === 'off') return [];
  if (config.SEED_FILE) {
    return [{ file: path.resolve(root, config.SEED_FILE), source: config.SEED_SOURCE }];
  }
  const shared = path.resolve(root, config.SHARED_DIR);
  return [
    { file: path.join(shared, 'corpus', 'state-dept', 'releases.jsonl'), source: 'us-state' },
    { file: path.join(shared, 'corpus', 'mfa-news-ru-kk', 'texts.jsonl'), source: NEWS_SOURCE },
    {
      file: path.join(shared, 'fixtures', 'kazakhstan-today-seed.txt'),
      source: KAZAKHSTAN_TODAY_SOURCE,
      lang: 'ru',
    },
  ];
}

export interface SeedSite {
  /** A saved site: a folder with _manifest.jsonl (see `npm run import -- --site`). */
  site: string;
  /** The source whose extract rules read its pages. */
  source: string;
}

/** Saved sites imported with the default seed: the China MFA pages, so the demo holds Chinese releases. */
export function seedSites(
  config: Pick<Config, 'SEED_FILE' | 'SHARED_DIR'>,
  root: string,
): SeedSite[] {
  if (config.SEED_FILE) return [];
  const shared = path.resolve(root, config.SHARED_DIR);
  return [{ site: path.join(shared, 'sites', 'www.fmprc.gov.cn'), source: 'cn-mfa' }];
}
