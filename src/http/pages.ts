/**
 * Server-rendered HTML: the home page and the readable API docs. Every
 * interpolated value is escaped.
 */
import { escapeHtml } from '../search/response.js';

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #1b1f24; }
  code, pre { font: 14px ui-monospace, monospace; background: #f3f4f6; border-radius: 4px; }
  code { padding: 0 .25em; } pre { padding: .75rem; overflow-x: auto; }
  table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ddd; padding: .35rem; text-align: left; vertical-align: top; }
  h2 { margin-top: 2rem; } .muted { color: #57606a; }
`;

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${body}</body></html>`;
}

export interface HomeInfo {
  /** Releases in the index, or undefined when the search engine did not answer. */
  releases: number | undefined;
  version: string;
}

export function homePage(info: HomeInfo): string {
  const count =
    info.releases === undefined
      ? '<p><strong>The search engine is not answering right now.</strong> Searches return 503 until it is back.</p>'
      : `<p><strong>${info.releases.toLocaleString('en')}</strong> releases are indexed.</p>`;
  return page(
    'Press-release search',
    `<h1>Press-release search</h1>
<p>Search what foreign ministries said: press releases collected from ministry sites, searchable by keyword and filterable by country, minister, source, language and date.</p>
${count}
<h2>Try it</h2>
<ul>
<li><a href="/api/search?q=Kazakhstan">/api/search?q=Kazakhstan</a></li>
<li><a href="/api/search?country=CN&amp;sort=date_desc">/api/search?country=CN&amp;sort=date_desc</a></li>
<li><a href="/api/search?q=energy%20security&amp;from=2022-01-01&amp;to=2022-12-31">/api/search?q=energy security&amp;from=2022-01-01&amp;to=2022-12-31</a></li>
</ul>
<h2>API</h2>
<ul>
<li><a href="/api/docs">API documentation</a></li>
<li><a href="/api/openapi.json">OpenAPI document</a></li>
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
