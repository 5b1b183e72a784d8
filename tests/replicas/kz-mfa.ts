/**
 * Replica of the Kazakhstan MFA news on www.gov.kz — BUILT, NOT CAPTURED.
 *
 * The live site cannot be reached from here, so this replica is built from
 * the description in ../shared/sources/gov-kz.md: `POST /graphql` answers the
 * `news(projects, _size, _page, _sort, _lang)` query that public scrapers
 * use, pages numbered from 1, a page shorter than `_size` being the last, and
 * items shaped `{id, title, slug, created_date, heropic, alt_image, body,
 * short_description}` with bodies in HTML with entities. The public pages
 * (`/memleket/entities/mfa/press/news/…`) are the empty single-page-app shell
 * the description reports.
 *
 * The texts are real: the newest Russian release is the Kazakhstan Today text
 * in ../shared/fixtures/kazakhstan-today-seed.txt, and the others are the
 * real ru, kk and en news texts in ../shared/corpus/mfa-news-ru-kk/texts.jsonl.
 * What is built around them: the ids, slugs, dates (one every two days going
 * back from 2023-12-01, the date of the seed release), the HTML markup and
 * image paths. Every tenth item has `body: null` and only a
 * `short_description`, as the description says happens.
 */
import { readFileSync } from 'node:fs';
import { sharedPath } from '../helpers/shared.js';
import { type Replica, type ReplicaOptions, startReplica } from './server.js';

export const KZ_ORIGIN = 'https://www.gov.kz';
export const KZ_LANGS = ['ru', 'kk', 'en'] as const;
export type KzLang = (typeof KZ_LANGS)[number];

export interface GovKzNewsItem {
  id: string;
  title: string;
  slug: string;
  created_date: string;
  heropic: string | null;
  alt_image: string | null;
  body: string | null;
  short_description: string | null;
}

/** Bad answers the GraphQL endpoint can give for one page of one language. */
export type KzPageFault =
  | 'truncated-json'
  | 'invalid-json'
  | 'graphql-errors'
  | 'wrong-shape'
  | 'http-500'
  | 'repeat-first-page';

export interface KzReplica extends Replica {
  /** Items per language, newest first (the replica's current state). */
  items: Record<KzLang, GovKzNewsItem[]>;
  /** Publishes a new item at the top of a language's list. */
  publish(lang: KzLang, item: Omit<GovKzNewsItem, 'id' | 'slug'> & { id?: string }): GovKzNewsItem;
  setPageFault(lang: KzLang, page: number, fault: KzPageFault): void;
  /** Every page of every language answers with page 1 (a listing that repeats forever). */
  repeatForever(on: boolean): void;
  /** GraphQL requests received: their variables. */
  readonly queries: Record<string, unknown>[];
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '—': '&mdash;',
  '–': '&ndash;',
  '«': '&laquo;',
  '»': '&raquo;',
  '\u00A0': '&nbsp;',
};

function toHtmlParagraphs(text: string): string {
  return text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => `<p>${line.replace(/[&<>"—–«»\u00A0]/g, (c) => ENTITIES[c] ?? c)}</p>`)
    .join('\n');
}

function slugOf(title: string, id: string): string {
  const ascii = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return ascii || `news-${id}`;
}

interface NewsText {
  id: string;
  lang: string;
  title: string | null;
  text: string;
}

/** The replica's items, built from the shared texts (deterministic). */
export function buildKzItems(): Record<KzLang, GovKzNewsItem[]> {
  const seed = readFileSync(sharedPath('fixtures', 'kazakhstan-today-seed.txt'), 'utf8');
  const texts = readFileSync(sharedPath('corpus', 'mfa-news-ru-kk', 'texts.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as NewsText);
  const start = Date.parse('2023-12-01T09:00:00Z');
  const day = 86_400_000;
  let nextId = 1_237_295;
  const result = { ru: [], kk: [], en: [] } as Record<KzLang, GovKzNewsItem[]>;
  const add = (lang: KzLang, title: string, text: string, index: number) => {
    const id = String(nextId--);
    const withBody = index % 10 !== 9;
    const html = toHtmlParagraphs(text);
    result[lang].push({
      id,
      title,
      slug: slugOf(title, id),
      created_date: new Date(start - index * 2 * day).toISOString().replace('.000Z', 'Z'),
      heropic: `/uploads/2023/12/1/${id}_original.jpg`,
      alt_image: null,
      body: withBody ? html : null,
      short_description: withBody ? null : html,
    });
  };
  add('ru', 'Мурат Нуртлеу провел встречу с министром иностранных дел Китая Ван И', seed, 0);
  for (const lang of KZ_LANGS) {
    const own = texts.filter((t) => t.lang === lang);
    own.forEach((t, i) => {
      const firstLine = t.text.split('\n').find((line) => line.trim().length > 20) ?? t.text;
      const title = (t.title ?? firstLine).trim().slice(0, 200);
      add(lang, title, t.text, lang === 'ru' ? i + 1 : i);
    });
  }
  return result;
}

const SPA_SHELL = `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>eGov.kz</title>
<script defer="defer" src="/static/js/main.js"></script></head>
<body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div></body></html>`;

function graphqlError(message: string) {
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({
      errors: [{ message, locations: [{ line: 2, column: 3 }] }],
      data: null,
    }),
  };
}

export async function startKzMfaReplica(options: ReplicaOptions = {}): Promise<KzReplica> {
  const items = buildKzItems();
  const pageFaults = new Map<string, KzPageFault>();
  const queries: Record<string, unknown>[] = [];
  let repeat = false;
  let publishedId = 2_000_000;

  const replica = await startReplica((request) => {
    const url = new URL(request.path, KZ_ORIGIN);
    if (url.pathname === '/graphql' && request.method === 'POST') {
      let payload: { query?: unknown; variables?: Record<string, unknown> };
      try {
        payload = JSON.parse(request.body);
      } catch {
        return graphqlError('Syntax Error: request body is not JSON');
      }
      const query = typeof payload.query === 'string' ? payload.query : '';
      const variables = payload.variables ?? {};
      queries.push(variables);
      if (!/\bnews\s*\(/.test(query)) return graphqlError('Cannot query field on type "Query"');
      const lang = String(variables.lang ?? 'ru') as KzLang;
      const page = Number(variables.page ?? 1);
      const size = Number(variables.size ?? 20);
      const projects = String(variables.projects ?? '');
      if (!KZ_LANGS.includes(lang)) return graphqlError(`Unknown language "${lang}"`);
      if (
        !Number.isInteger(page) ||
        page < 1 ||
        !Number.isInteger(size) ||
        size < 1 ||
        size > 100
      ) {
        return graphqlError('Variable "$page" or "$size" got an invalid value');
      }
      const fault = pageFaults.get(`${lang}:${page}`);
      const json = (value: unknown, status = 200) => ({
        status,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(value),
      });
      const list = /^eq:mfa$/i.test(projects) ? items[lang] : [];
      const pageItems =
        repeat || fault === 'repeat-first-page'
          ? list.slice(0, size)
          : list.slice((page - 1) * size, page * size);
      switch (fault) {
        case 'truncated-json': {
          const full = JSON.stringify({ data: { news: pageItems } });
          return { ...json(null), body: full.slice(0, Math.floor(full.length / 2)) };
        }
        case 'invalid-json':
          return { ...json(null), body: '<html><body>Bad Gateway</body></html>' };
        case 'graphql-errors':
          return graphqlError('Internal server error: connection to content store lost');
        case 'wrong-shape':
          return json({ data: { news: { items: pageItems } } });
        case 'http-500':
          return json({ message: 'Internal Server Error' }, 500);
        default:
          return json({ data: { news: pageItems } });
      }
    }
    if (url.pathname.startsWith('/memleket/')) {
      return {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: SPA_SHELL,
      };
    }
    return undefined;
  }, options);

  return Object.assign(replica, {
    items,
    queries,
    publish(lang: KzLang, item: Omit<GovKzNewsItem, 'id' | 'slug'> & { id?: string }) {
      const id = item.id ?? String(publishedId++);
      const full: GovKzNewsItem = { ...item, id, slug: slugOf(item.title, id) };
      items[lang].unshift(full);
      return full;
    },
    setPageFault(lang: KzLang, page: number, fault: KzPageFault) {
      pageFaults.set(`${lang}:${page}`, fault);
    },
    repeatForever(on: boolean) {
      repeat = on;
    },
  });
}
