/**
 * The evaluation collection, read from ../shared and turned into releases the
 * way the service makes them: the ru/kk/en news texts, the seed fixture and
 * the China MFA item pages through the crawler's normalizer, the State
 * Department releases through the import. Each release keeps the reference
 * judgments use (see JUDGING.md / judgments.jsonl).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RawItem } from '../../crawler/normalize/types.js';
import { normalizeWithSource } from '../../crawler/sources/index.js';
import type { PressRelease } from '../../src/domain/release.js';
import { releaseFromLine } from '../../src/ingest/jsonl.js';
import { fmprcDir, readFmprcManifest, readNewsTexts, readStateDept } from '../helpers/corpus.js';
import { sharedPath } from '../helpers/shared.js';
import { refKey } from './judgments.js';

export interface CorpusRelease {
  key: string;
  release: PressRelease;
}

const FETCHED_AT = '2026-01-01T00:00:00Z';

function normalized(item: RawItem, where: string): PressRelease {
  const outcome = normalizeWithSource(item);
  if (!outcome.ok) throw new Error(`${where}: ${outcome.code} ${outcome.reason}`);
  return outcome.release;
}

export interface CorpusOptions {
  /** Keep only this many China MFA pages per language and State Department releases (tests); default all. The news texts and the fixture are always all there. */
  limitPerPart?: number;
  /** Keys of documents to keep beyond that limit (the judged ones). */
  alsoKeep?: ReadonlySet<string>;
}

export function loadCorpus(options: CorpusOptions = {}): CorpusRelease[] {
  const limit = options.limitPerPart ?? Number.POSITIVE_INFINITY;
  const out: CorpusRelease[] = [];
  for (const text of readNewsTexts()) {
    const date = /^date (\d{4}-\d{2}-\d{2})/.exec(text.text)?.[1];
    const body = text.text.replace(/^date \d{4}-\d{2}-\d{2}\s*/, '');
    const release = normalized(
      {
        sourceId: 'kz-mfa',
        url: text.url,
        format: 'text',
        text: text.title && !body.startsWith(text.title) ? `${text.title}\n${body}` : body,
        langHint: text.lang,
        fetchedAt: date ? `${date}T12:00:00Z` : FETCHED_AT,
      },
      text.id,
    );
    out.push({ key: refKey({ corpus: 'mfa-news-ru-kk', id: text.id }), release });
  }
  const fixture = 'kazakhstan-today-seed.txt';
  out.push({
    key: refKey({ fixture }),
    release: normalized(
      {
        sourceId: 'kz-mfa',
        url: 'https://www.kazakhstan-today.example/seed',
        format: 'text',
        text: readFileSync(sharedPath('fixtures', fixture), 'utf8'),
        langHint: 'ru',
        fetchedAt: FETCHED_AT,
      },
      fixture,
    ),
  });
  const pages = readFmprcManifest().filter((m) => m.kind === 'item');
  const keep = <T>(items: T[], key: (item: T) => string) =>
    items.filter((item, i) => i < limit || options.alsoKeep?.has(key(item)));
  for (const lang of ['en', 'zh']) {
    const inLang = pages.filter((p) => p.lang === lang);
    for (const entry of keep(inLang, (p) => refKey({ site: 'www.fmprc.gov.cn', path: p.path }))) {
      const release = normalized(
        {
          sourceId: 'cn-mfa',
          url: entry.url,
          format: 'html',
          text: readFileSync(path.join(fmprcDir(), entry.path), 'utf8'),
          langHint: entry.lang ?? undefined,
          fetchedAt: '2020-07-04T04:00:00Z',
        },
        entry.path,
      );
      out.push({ key: refKey({ site: 'www.fmprc.gov.cn', path: entry.path }), release });
    }
  }
  for (const record of keep(readStateDept(), (r) => refKey({ corpus: 'state-dept', url: r.url }))) {
    const release = releaseFromLine({ ...record, source: 'us-state' }, {}, FETCHED_AT);
    out.push({ key: refKey({ corpus: 'state-dept', url: record.url }), release });
  }
  return out;
}
