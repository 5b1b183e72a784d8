/**
 * A hostile ministry-like site of our own making, for the crawler's manners.
 * One server on 127.0.0.1:0 plays four hosts (told apart by the Host header
 * the crawler sends, which is the logical host):
 * - www.hostile.example — the source: robots.txt with `Disallow: /private/`
 *   and a `Crawl-delay`, a press listing (`/press/`, `/press/page/N/`), items
 *   `/press/N.html` with ETag / Last-Modified;
 * - hostile.example — the same site without www (allowed for redirects);
 * - media.hostile.example — a host the source file declares (`allowedHosts`),
 *   with its own robots.txt and Crawl-delay;
 * - elsewhere.example — a foreign host: the crawler must never ask it anything.
 *
 * Each item can be told to misbehave (`behave`): 404/410, soft 404s in en,
 * ru, kk and zh (and the real China MFA error page from ../shared), a page of
 * navigation only, 429 with Retry-After, a transient outage, redirects into a
 * disallowed path, to a foreign host, to the declared host, to the bare host,
 * chains and loops, a 12 MB page, a page that never answers. The listing can
 * be endless. Every request is logged with its host and arrival time
 * (`log`), so tests check gaps, order and what was not fetched.
 *
 * The release texts are generated (seeded, so every run serves the same
 * bytes) and differ enough from each other that none is a near-duplicate of
 * another.
 */
import { readFileSync } from 'node:fs';
import { validateSource } from '../../crawler/sources/index.js';
import type { SourceDefinition } from '../../crawler/sources/schema.js';
import { sharedPath } from '../helpers/shared.js';
import { type LoggedRequest, type Replica, type ReplicaResponse, startReplica } from './server.js';

export const HOSTILE_HOSTS = {
  www: 'www.hostile.example',
  bare: 'hostile.example',
  media: 'media.hostile.example',
  foreign: 'elsewhere.example',
} as const;

export const HOSTILE_ORIGIN = `https://${HOSTILE_HOSTS.www}`;

/** The source file a ministry like this would have. */
export const HOSTILE_SOURCE: SourceDefinition = validateSource(
  {
    id: 'hostile-mfa',
    name: { en: 'Ministry of Hostile Affairs (test site)' },
    country: 'AQ',
    languages: ['en'],
    kind: 'html',
    homepage: `${HOSTILE_ORIGIN}/`,
    baseUrl: HOSTILE_ORIGIN,
    startUrls: { en: '/press/' },
    allowedHosts: [HOSTILE_HOSTS.media],
    verified: false,
    provenance: ['tests/replicas/hostile.ts: a test site of our own, hostile on purpose'],
    listing: {
      items: 'ul.releases a[href]',
      itemHref: '^/press/\\d+\\.html$',
      date: { afterLink: '^\\s*\\((\\d{4}-\\d{2}-\\d{2})\\)' },
      paging: { template: 'page/{n}/', first: 2 },
    },
    extract: { timeZone: 'UTC' },
  },
  'hostile-mfa (tests/replicas/hostile.ts)',
);

export type SoftTemplate = 'en' | 'ru' | 'kk' | 'zh' | 'fmprc';

/** Ways an item can misbehave. */
export type Behaviour =
  | { kind: 'status'; status: 404 | 410 | 500 }
  /** 200 with a "not found" page in the ministry's own words. */
  | { kind: 'soft-404'; template: SoftTemplate }
  /** 200 with the site's menu and nothing else. */
  | { kind: 'nav-only' }
  /** 429 with Retry-After for the first `times` requests, then the page. */
  | { kind: 'rate-limited'; retryAfter: string; times: number }
  /** 503 without Retry-After for the first `times` requests (a transient outage), then the page. */
  | { kind: 'outage'; times: number }
  /** Redirects: into /private/ (disallowed), to a foreign host, to the declared host, to the bare host. */
  | { kind: 'redirect'; to: 'private' | 'foreign' | 'media' | 'bare' }
  /** `hops` redirects in a row on the same host, then the page. */
  | { kind: 'chain'; hops: number }
  /** Two URLs redirecting to each other. */
  | { kind: 'loop' }
  /** A page of this many bytes (12 MB by default). */
  | { kind: 'huge'; bytes?: number }
  /** Accepts the request and never answers. */
  | { kind: 'hang' };

export interface HostileOptions {
  /** Crawl-delay of www and the bare host, in seconds (fractions allowed); none when undefined. */
  crawlDelaySec?: number;
  /** Crawl-delay of media.hostile.example, in seconds. */
  mediaCrawlDelaySec?: number;
  /** Listing pages that exist; `Infinity` for an endless listing. Default 2. */
  pages?: number;
  /** Items per listing page. Default 5. */
  perPage?: number;
  /** Called as each request arrives (e.g. to kill a crawler at a given request). */
  onRequest?: (request: LoggedRequest) => void;
}

export interface HostileSite extends Replica {
  /** Logical origin → this server, for the crawler's origin overrides (every host the site plays). */
  readonly overrides: Map<string, string>;
  behave(id: number, behaviour: Behaviour | undefined): void;
  /** Items of listing page `page` (1-based). */
  itemIds(page: number): number[];
  itemUrl(id: number): string;
  itemPath(id: number): string;
  /** Requests to one host, in arrival order. */
  requestsTo(host: string): LoggedRequest[];
  setPages(pages: number): void;
}

// ---- generated texts ----------------------------------------------------------------------

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTRIES = [
  'Kazakhstan',
  'China',
  'Mongolia',
  'Brazil',
  'Norway',
  'Kenya',
  'Chile',
  'Vietnam',
  'Portugal',
  'Canada',
  'Egypt',
  'Finland',
  'Peru',
  'Ghana',
  'Nepal',
  'Austria',
];
const TOPICS = [
  'water management along shared rivers',
  'the renewal of air links',
  'customs procedures at the border',
  'a joint commission on trade',
  'cultural exchanges between universities',
  'the protection of migrant workers',
  'grain shipments through the ports',
  'cooperation in disaster relief',
  'the demarcation of the frontier',
  'visa facilitation for students',
  'energy transit pipelines',
  'the return of historical archives',
  'consular assistance in emergencies',
  'satellite data for agriculture',
  'the fight against wildfires',
  'fisheries in northern waters',
];
const VERBS = [
  'discussed',
  'reviewed',
  'welcomed progress on',
  'agreed to deepen work on',
  'signed a memorandum on',
  'noted concerns about',
  'exchanged views on',
  'set out priorities for',
];
const PEOPLE = [
  'the Foreign Minister',
  'the Deputy Minister',
  'the Ambassador',
  'the Special Envoy',
  'the Director of the Consular Department',
  'the spokesperson',
];
const CLOSINGS = [
  'Both sides expressed their readiness to continue the dialogue.',
  'The next round of consultations will take place in the autumn.',
  'A working group will report back within three months.',
  'The parties confirmed the dates of the upcoming visit.',
  'The meeting took place in a constructive atmosphere.',
  'Experts of both ministries will prepare a draft agreement.',
];

const pick = <T>(random: () => number, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)] as T;

function releaseOf(id: number): { title: string; date: string; paragraphs: string[] } {
  const random = mulberry32(id * 7919 + 17);
  const country = pick(random, COUNTRIES);
  const topic = pick(random, TOPICS);
  const day = new Date(Date.UTC(2024, 5, 30) - id * 2 * 86_400_000).toISOString().slice(0, 10);
  const paragraphs: string[] = [];
  for (let p = 0; p < 4; p++) {
    const sentences: string[] = [];
    const count = 3 + Math.floor(random() * 3);
    for (let s = 0; s < count; s++) {
      const other = pick(random, COUNTRIES);
      sentences.push(
        `${pick(random, PEOPLE).replace(/^t/, 'T')} ${pick(random, VERBS)} ${pick(random, TOPICS)} with the delegation of ${other}, recalling meeting ${Math.floor(random() * 900) + 100} of the series.`,
      );
    }
    sentences.push(pick(random, CLOSINGS));
    paragraphs.push(sentences.join(' '));
  }
  return { title: `Consultations with ${country} on ${topic} (No. ${id})`, date: day, paragraphs };
}

const MENU = [
  'Home',
  'The Minister',
  'Press service',
  'Statements',
  'Briefings',
  'Consular services',
  'Embassies',
  'Treaties',
  'Contacts',
];

function menu(labels: readonly string[] = MENU): string {
  return `<nav class="menu"><ul>${labels.map((l, i) => `<li><a href="/section/${i}/">${l}</a></li>`).join('')}</ul></nav>`;
}

/** A menu in plain divs and lists, not <nav>, as many ministries build them. */
function divMenu(labels: readonly string[] = MENU): string {
  return `<div class="menu"><ul>${labels.map((l, i) => `<li><a href="/s/${i}/">${l}</a></li>`).join('')}</ul></div>`;
}

/** A page of the site; listings declare their charset in the Content-Type header only, as many servers do. */
function page(title: string, content: string, meta = true): string {
  return `<!doctype html><html lang="en"><head>${meta ? '<meta charset="utf-8">' : ''}<title>${title}</title></head><body><header>${menu()}</header>${content}<footer><p>Ministry of Hostile Affairs · 1 Example Square</p></footer></body></html>`;
}

function itemPage(id: number): string {
  const r = releaseOf(id);
  return page(
    `${r.title} — Ministry of Hostile Affairs`,
    `<main><article><h1>${r.title}</h1><time datetime="${r.date}">${r.date}</time>${r.paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></main>`,
  );
}

/**
 * "Not found" pages as ministries write them: the site's name as the title,
 * the menu as the largest block, the message in a box of its own.
 */
const SOFT_404: Record<Exclude<SoftTemplate, 'fmprc'>, string> = {
  en: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ministry of Hostile Affairs</title></head><body><div class="cols"><div class="left">${divMenu()}</div><div class="msg">We are sorry, the document you requested cannot be found on this server.</div></div></body></html>`,
  ru: `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Министерство иностранных дел</title></head><body><div class="cols"><div class="left">${divMenu(['Главная', 'Министр', 'Пресс-служба', 'Заявления', 'Брифинги', 'Консульская служба', 'Посольства', 'Договоры', 'Контакты'])}</div><div class="msg">Извините, запрашиваемая вами страница не найдена или была удалена.</div></div></body></html>`,
  kk: `<!doctype html><html lang="kk"><head><meta charset="utf-8"><title>Сыртқы істер министрлігі</title></head><body><div class="cols"><div class="left">${divMenu(['Басты бет', 'Министр', 'Баспасөз қызметі', 'Мәлімдемелер', 'Брифингтер', 'Консулдық қызмет', 'Елшіліктер', 'Шарттар', 'Байланыс'])}</div><div class="msg">Кешіріңіз, сіз сұраған парақша табылмады.</div></div></body></html>`,
  zh: `<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>外交部</title></head><body><div class="cols"><div class="left">${divMenu(['首页', '外交部长', '新闻发布', '声明公报', '吹风会', '领事服务', '驻外使馆', '条约文件', '联系我们'])}</div><div class="msg">抱歉，您要访问的网页已删除或不存在。</div></div></body></html>`,
};

/** The bytes a soft-404 item answers with (status 200). */
export function softNotFoundPage(template: SoftTemplate): Buffer {
  return template === 'fmprc'
    ? readFileSync(sharedPath('sites', 'www.fmprc.gov.cn', 'error.htm'))
    : Buffer.from(SOFT_404[template]);
}

/** A page of menus (in plain divs) and no text. */
export function navigationOnlyPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ministry of Hostile Affairs</title></head><body><div class="top">${divMenu()}</div><div class="main">${divMenu(['News', 'Photos', 'Videos', 'Speeches', 'Interviews'])}${divMenu(['Visa', 'Passports', 'Legalisation', 'Apostille'])}</div></body></html>`;
}

// ---- the server ---------------------------------------------------------------------------

const html = (body: string | Buffer, status = 200): ReplicaResponse => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body,
});

const redirect = (location: string, status = 302): ReplicaResponse => ({
  status,
  headers: { location },
  body: '',
});

function robots(crawlDelaySec: number | undefined, disallow: string): string {
  return [
    'User-agent: *',
    ...(crawlDelaySec !== undefined ? [`Crawl-delay: ${crawlDelaySec}`] : []),
    `Disallow: ${disallow}`,
    '',
  ].join('\n');
}

/** Items of listing page `page` (1-based). */
export function itemIdsOf(page: number, perPage: number): number[] {
  return Array.from({ length: perPage }, (_v, i) => (page - 1) * perPage + i + 1);
}

export const itemPathOf = (id: number) => `/press/${id}.html`;
export const itemUrlOf = (id: number) => `${HOSTILE_ORIGIN}${itemPathOf(id)}`;

/** Every host the site plays, over http and https → the one server (the crawler's origin overrides). */
export function hostileOverrides(baseUrl: string): Map<string, string> {
  return new Map(
    Object.values(HOSTILE_HOSTS).flatMap((host) => [
      [`https://${host}`, baseUrl] as const,
      [`http://${host}`, baseUrl] as const,
    ]),
  );
}

/** When the site's content was last changed: Last-Modified of every page. */
const SITE_CHANGED = new Date('2024-07-01T08:00:00Z');

export async function startHostileSite(options: HostileOptions = {}): Promise<HostileSite> {
  const perPage = options.perPage ?? 5;
  let pages = options.pages ?? 2;
  const behaviours = new Map<number, Behaviour>();
  const hits = new Map<number, number>();
  const soft = new Map<SoftTemplate, Buffer>();
  const softPage = (template: SoftTemplate) => {
    let bytes = soft.get(template);
    if (!bytes) {
      bytes = softNotFoundPage(template);
      soft.set(template, bytes);
    }
    return bytes;
  };

  const itemIds = (n: number) => itemIdsOf(n, perPage);
  const itemPath = itemPathOf;

  const listing = (n: number): ReplicaResponse | undefined => {
    if (n < 1 || n > pages) return undefined;
    const items = itemIds(n)
      .map((id) => {
        const r = releaseOf(id);
        return `<li><a href="${itemPath(id)}">${r.title}</a> (${r.date})</li>`;
      })
      .join('');
    const next = n < pages ? `<a class="next" href="/press/page/${n + 1}/">Next</a>` : '';
    return {
      ...html(
        page(
          `Press releases, page ${n}`,
          `<main><h1>Press releases</h1><ul class="releases">${items}</ul>${next}</main>`,
          false,
        ),
      ),
      lastModified: SITE_CHANGED,
    };
  };

  const item = (id: number, host: string): ReplicaResponse | Promise<never> => {
    const behaviour = behaviours.get(id);
    const hit = (hits.get(id) ?? 0) + 1;
    hits.set(id, hit);
    const served = { ...html(itemPage(id)), lastModified: SITE_CHANGED };
    if (!behaviour) return served;
    switch (behaviour.kind) {
      case 'status':
        return html(page('Error', `<h1>${behaviour.status}</h1>`), behaviour.status);
      case 'soft-404':
        return html(softPage(behaviour.template));
      case 'nav-only':
        return html(navigationOnlyPage());
      case 'rate-limited':
        if (hit > behaviour.times) return served;
        return {
          status: 429,
          headers: { 'retry-after': behaviour.retryAfter, 'content-type': 'text/plain' },
          body: 'Too many requests',
        };
      case 'outage':
        if (hit > behaviour.times) return served;
        return { status: 503, headers: { 'content-type': 'text/plain' }, body: 'Maintenance' };
      case 'redirect':
        if (host !== HOSTILE_HOSTS.www) return served;
        switch (behaviour.to) {
          case 'private':
            return redirect(`/private/${id}.html`, 301);
          case 'foreign':
            return redirect(`https://${HOSTILE_HOSTS.foreign}/press/${id}.html`);
          case 'media':
            return redirect(`https://${HOSTILE_HOSTS.media}/press/${id}.html`);
          case 'bare':
            return redirect(`https://${HOSTILE_HOSTS.bare}/press/${id}.html`, 301);
        }
        return served;
      case 'chain':
        return redirect(behaviour.hops > 1 ? `/hop/1/${id}` : `/archive/${id}.html`);
      case 'loop':
        return redirect(`/loop/${id}`);
      case 'huge':
        return html(Buffer.alloc(behaviour.bytes ?? 12 * 1024 * 1024, 'a'));
      case 'hang':
        return new Promise<never>(() => {});
    }
  };

  const replica = await startReplica(
    (request) => {
      const host = String(request.headers.host ?? '');
      const { pathname } = new URL(request.path, 'http://replica');
      if (host === HOSTILE_HOSTS.foreign) {
        return html(page('Elsewhere', '<p>You should never have come here.</p>'));
      }
      if (pathname === '/robots.txt') {
        const text =
          host === HOSTILE_HOSTS.media
            ? robots(options.mediaCrawlDelaySec, '/secret/')
            : robots(options.crawlDelaySec, '/private/');
        return { status: 200, headers: { 'content-type': 'text/plain' }, body: text };
      }
      if (pathname === '/press/' || pathname === '/press/index.html') return listing(1);
      const pageMatch = /^\/press\/page\/(\d+)\/$/.exec(pathname);
      if (pageMatch) return listing(Number(pageMatch[1]));
      const itemMatch = /^\/press\/(\d+)\.html$/.exec(pathname);
      if (itemMatch) return item(Number(itemMatch[1]), host);
      const hop = /^\/hop\/(\d+)\/(\d+)$/.exec(pathname);
      if (hop) {
        const k = Number(hop[1]);
        const id = Number(hop[2]);
        const behaviour = behaviours.get(id);
        const hops = behaviour?.kind === 'chain' ? behaviour.hops : 1;
        return redirect(k + 1 < hops ? `/hop/${k + 1}/${id}` : `/archive/${id}.html`);
      }
      const archived = /^\/archive\/(\d+)\.html$/.exec(pathname);
      if (archived) return html(itemPage(Number(archived[1])));
      const loop = /^\/loop\/(\d+)$/.exec(pathname);
      if (loop) return redirect(itemPath(Number(loop[1])));
      if (/^\/(private|secret)\//.test(pathname)) {
        // What a crawler that ignores robots.txt would get: a page that looks like a release.
        const id = Number(/(\d+)/.exec(pathname)?.[1] ?? 0);
        return html(itemPage(id));
      }
      return undefined;
    },
    { ...(options.onRequest ? { onRequest: options.onRequest } : {}) },
  );

  return Object.assign(replica, {
    overrides: hostileOverrides(replica.baseUrl),
    behave(id: number, behaviour: Behaviour | undefined) {
      if (behaviour) behaviours.set(id, behaviour);
      else behaviours.delete(id);
      hits.delete(id);
    },
    itemIds,
    itemUrl: itemUrlOf,
    itemPath,
    requestsTo: (host: string) => replica.log.filter((r) => r.host === host),
    setPages(n: number) {
      pages = n;
    },
  });
}

/** Gaps in ms between consecutive requests (by arrival). */
export function gapsOf(requests: readonly LoggedRequest[]): number[] {
  return requests.slice(1).map((r, i) => r.at - (requests[i] as LoggedRequest).at);
}
