/**
 * Server-rendered HTML: the home page and the readable API docs. Every
 * interpolated value is escaped.
 */

import type { SourcesResponse } from '../domain/source-status.js';
import { escapeHtml } from '../search/response.js';
import { sourcesHealthTable } from './sources-page.js';

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 68rem; margin: 2rem auto; padding: 0 1rem; color: #1b1f24; }
  code, pre { font: 14px ui-monospace, monospace; background: #f3f4f6; border-radius: 4px; }
  code { padding: 0 .25em; } pre { padding: .75rem; overflow-x: auto; }
  pre.copy { user-select: all; border: 1px solid #d0d7de; }
  table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ddd; padding: .35rem; text-align: left; vertical-align: top; }
  h2 { margin-top: 2rem; } .muted { color: #57606a; }
  .scroll { overflow-x: auto; } code { overflow-wrap: anywhere; }
  .demo { border: 1px solid #d0d7de; border-radius: 8px; padding: .5rem; min-height: 24rem; }
  nav.ui a[aria-current] { font-weight: 700; color: inherit; text-decoration: none; }
  @media (prefers-color-scheme: dark) {
    body { background: #16181d; color: #e6e8eb; } a { color: #8ab4f8; } .muted { color: #aab2bc; }
    code, pre { background: #23272e; } td, th { border-color: #3a3f47; } .demo, pre.copy { border-color: #3a3f47; }
  }
`;

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${body}</body></html>`;
}

export const DEMO_LANGUAGES = { en: 'English', ru: 'Русский', kk: 'Қазақша', zh: '中文' } as const;
export type DemoLanguage = keyof typeof DEMO_LANGUAGES;

export interface HomeInfo {
  /** Releases in the index, or undefined when the search engine did not answer. */
  releases: number | undefined;
  version: string;
  /** The origin this page was requested on, for the embed snippet. */
  origin: string;
  /** Versioned path of the widget script (/widget.<hash>.js), when the widget is served. */
  widgetPath: string | undefined;
  sources: SourcesResponse;
  /** Interface language of the live widget. */
  ui: DemoLanguage;
}

/** Every attribute of <mfa-search>: name, meaning, default, example. */
export const WIDGET_ATTRIBUTES: [string, string, string, string][] = [
  ['api', 'Base URL of this service', 'where widget.js was loaded from', 'https://search.example'],
  [
    'lang',
    'Interface language: en, ru, kk, zh; facet labels follow it',
    "the page's lang, else en",
    'ru',
  ],
  [
    'facets',
    'Facets shown, in this order: country, minister, source, lang, date',
    'all five',
    'minister,country,date',
  ],
  ['per-page', 'Results per page (1–100)', '10', '20'],
  [
    'filter',
    'Fixed filter the visitor cannot remove (its facet is hidden)',
    'none',
    'source=kz-mfa',
  ],
  ['query', 'Initial keywords', 'none', 'energy security'],
  [
    'url-state',
    'Keep the search in the page URL (query string or hash); back and forward work',
    'off',
    'hash',
  ],
  ['theme', 'light, dark or auto (follows prefers-color-scheme)', 'auto', 'dark'],
  ['debounce', 'Milliseconds between the last keystroke and the search', '200', '120'],
  ['target', 'Where results open: _self or _blank', '_self', '_blank'],
];

function releaseCount(info: HomeInfo): string {
  return info.releases === undefined
    ? '<p><strong>The search engine is not answering right now.</strong> Searches return 503 until it is back.</p>'
    : `<p><strong>${info.releases.toLocaleString('en')}</strong> releases are indexed.</p>`;
}

function statusSection(info: HomeInfo): string {
  const finished = info.sources.sources
    .map((s) => s.lastRun?.finishedAt)
    .filter((at): at is string => Boolean(at))
    .sort();
  const last = finished[finished.length - 1];
  return `<p>Last crawl: ${last ? escapeHtml(last) : 'none yet'} · crawl interval ${escapeHtml(info.sources.crawlInterval)} · <a href="/sources">each source's health</a> · <a href="/api/sources">/api/sources</a></p>
${sourcesHealthTable(info.sources.sources)}`;
}

function demoSection(info: HomeInfo): string {
  if (!info.widgetPath) return '<p>The widget is not served by this instance.</p>';
  const languages = (Object.entries(DEMO_LANGUAGES) as [DemoLanguage, string][])
    .map(([code, name]) =>
      code === info.ui
        ? `<a href="/?ui=${code}" aria-current="page" lang="${code}">${name}</a>`
        : `<a href="/?ui=${code}" lang="${code}">${name}</a>`,
    )
    .join(' · ');
  return `<h2>Try it</h2>
<nav class="ui" aria-label="Widget language">Interface: ${languages}</nav>
<div class="demo"><mfa-search lang="${info.ui}" url-state="query"></mfa-search></div>
<script src="${escapeHtml(info.widgetPath)}" defer></script>`;
}

function embedSection(info: HomeInfo): string {
  if (!info.widgetPath) return '';
  const origin = escapeHtml(info.origin);
  const attributes = WIDGET_ATTRIBUTES.map(
    ([name, meaning, fallback, example]) =>
      `<tr><td><code>${name}</code></td><td>${escapeHtml(meaning)}</td><td>${escapeHtml(fallback)}</td><td><code>${escapeHtml(`${name}="${example}"`)}</code></td></tr>`,
  ).join('');
  return `<h2>Embed it</h2>
<p>Two lines on any page (the service must list that page's origin in <code>WIDGET_ORIGINS</code>):</p>
<pre class="copy" tabindex="0">&lt;script src="${origin}/widget.js" defer&gt;&lt;/script&gt;
&lt;mfa-search api="${origin}" lang="ru"&gt;&lt;/mfa-search&gt;</pre>
<p class="muted">To pin this exact version (cached for a year): <code>${origin}${escapeHtml(info.widgetPath)}</code>.</p>
<h2>Attributes</h2>
<div class="scroll" tabindex="0"><table><tr><th>Attribute</th><th>Meaning</th><th>Default</th><th>Example</th></tr>${attributes}</table></div>
<h2>Theming</h2>
<p>Custom properties on <code>mfa-search</code> or any ancestor: <code>--mfa-color-bg</code>, <code>--mfa-color-text</code>, <code>--mfa-color-muted</code>, <code>--mfa-color-accent</code>, <code>--mfa-color-on-accent</code>, <code>--mfa-color-border</code>, <code>--mfa-color-surface</code>, <code>--mfa-color-active</code>, <code>--mfa-color-mark</code>, <code>--mfa-color-danger</code>, <code>--mfa-font</code>, <code>--mfa-font-size</code>, <code>--mfa-radius</code>, <code>--mfa-space</code>.
Parts for <code>::part()</code>: <code>root input sort fixed facets facet facet-search facet-value histogram status results result title snippet mark badge error retry empty pager page</code>.</p>
<pre tabindex="0">mfa-search { --mfa-color-accent: #7a1f3d; --mfa-radius: 0; --mfa-font: Georgia, serif; }
mfa-search::part(title) { font-size: 1.2em; }</pre>
<p>Events (bubbling from the element): <code>mfa-search-results</code> (<code>detail: {total, page, q}</code>), <code>mfa-search-error</code>, and <code>mfa-search-open</code> (<code>detail: {id, url}</code>; cancel it to handle the click yourself).</p>`;
}

export function homePage(info: HomeInfo): string {
  return page(
    'Press-release search',
    `<h1>Press-release search</h1>
<p>Search what foreign ministries said: press releases collected from ministry sites, searchable by keyword and filterable by country, minister, source, language and date — here, or on your own site with one script tag.</p>
${releaseCount(info)}
${demoSection(info)}
<h2>Sources and crawling</h2>
${statusSection(info)}
${embedSection(info)}
<h2>API</h2>
<ul>
<li><a href="/api/docs">API documentation</a> · <a href="/api/openapi.json">OpenAPI document</a></li>
<li><a href="/api/search?q=Kazakhstan">/api/search?q=Kazakhstan</a></li>
<li><a href="/api/search?country=CN&amp;sort=date_desc">/api/search?country=CN&amp;sort=date_desc</a></li>
<li><a href="/api/health">/api/health</a> · <a href="/api/ready">/api/ready</a></li>
<li><a href="/sources">Sources and their health</a> · <a href="/api/sources">/api/sources</a></li>
</ul>
<p class="muted">Version ${escapeHtml(info.version)}</p>`,
  );
}

type Json = Record<string, unknown>;

function schemaSummary(schema: Json | undefined): string {
  if (!schema) return '';
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map(String).join(' | ');
  const type = String(schema.type ?? 'any');
  if (type === 'array') return `${schemaSummary(schema.items as Json)} (repeatable)`;
  const limits = [
    schema.minimum !== undefined ? `≥ ${schema.minimum}` : '',
    schema.maximum !== undefined && Number(schema.maximum) < 1e9 ? `≤ ${schema.maximum}` : '',
    schema.default !== undefined ? `default ${JSON.stringify(schema.default)}` : '',
  ].filter(Boolean);
  return [type, ...limits].join(', ');
}

/** Readable documentation rendered from the OpenAPI document itself. */
export function docsPage(document: Json): string {
  const info = document.info as Json;
  const paths = document.paths as Record<string, Record<string, Json>>;
  const sections = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const parameters = (op.parameters as Json[] | undefined) ?? [];
      const rows = parameters
        .map(
          (p) =>
            `<tr><td><code>${escapeHtml(String(p.name))}</code></td><td>${escapeHtml(String(p.in))}</td><td>${escapeHtml(schemaSummary(p.schema as Json))}</td><td>${escapeHtml(String(p.description ?? ''))}</td></tr>`,
        )
        .join('');
      const responses = Object.entries(op.responses as Record<string, Json>)
        .map(
          ([status, r]) =>
            `<li><code>${status}</code> ${escapeHtml(String(r.description ?? ''))}</li>`,
        )
        .join('');
      return `<h2><code>${method.toUpperCase()} ${escapeHtml(path)}</code></h2>
<p>${escapeHtml(String(op.summary ?? ''))}</p>${op.description ? `<p class="muted">${escapeHtml(String(op.description))}</p>` : ''}
${rows ? `<table><tr><th>Parameter</th><th>In</th><th>Type</th><th>Meaning</th></tr>${rows}</table>` : ''}
<p>Responses:</p><ul>${responses}</ul>`;
    }),
  );
  return page(
    `${String(info.title)} — docs`,
    `<h1>${escapeHtml(String(info.title))}</h1>
<p>${escapeHtml(String(info.description ?? ''))}</p>
<p>Errors always look like <code>{"error": {"code": "…", "message": "…", "details": …}}</code>. Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>.</p>
<pre>curl 'http://localhost:8080/api/search?q=energy+security&amp;country=KZ&amp;country=CN&amp;from=2023-01-01&amp;sort=date_desc'</pre>
${sections.join('\n')}`,
  );
}
