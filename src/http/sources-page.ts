/**
 * The sources' health as HTML: one row per source with its kind, languages,
 * verified state, last success, releases, failure rate, items pending or
 * given up, and staleness. Served at /sources and shown on the status part
 * of the home page. Every interpolated value is escaped.
 */
import type { SourceStatusView, SourcesResponse } from '../domain/source-status.js';
import { escapeHtml } from '../search/response.js';

const STATUS_WORDS: Record<SourceStatusView['health']['status'], string> = {
  ok: 'ok',
  stale: 'stale',
  failing: 'failing',
  'never-crawled': 'never crawled',
};

const day = (iso: string | null) => (iso ? escapeHtml(iso.slice(0, 16).replace('T', ' ')) : '—');

function healthCell(s: SourceStatusView): string {
  const h = s.health;
  const word = STATUS_WORDS[h.status];
  const reason = h.staleReason ? `<br><span class="muted">${escapeHtml(h.staleReason)}</span>` : '';
  return `<strong>${escapeHtml(word)}</strong>${reason}`;
}

/** The table itself, for any page that shows the sources' state. */
export function sourcesHealthTable(sources: readonly SourceStatusView[]): string {
  const rows = sources
    .map((s) => {
      const h = s.health;
      const rate =
        h.failureRate === null ? '—' : `${Math.round(h.failureRate * 100)}% of ${h.recentRuns}`;
      const verified = h.verifiedAt ? `live check ${day(h.verifiedAt)}` : h.verified ? 'yes' : 'no';
      return `<tr><td>${escapeHtml(s.name)}<br><code>${escapeHtml(s.id)}</code></td><td>${escapeHtml(s.kind)}</td><td>${escapeHtml(s.languages.join(' '))}</td><td>${s.enabled ? 'enabled' : 'off'}</td><td>${verified}</td><td>${healthCell(s)}</td><td>${day(h.lastSuccess)}</td><td>${h.releases.toLocaleString('en')}</td><td>${day(h.newestRelease)}</td><td>${rate}</td><td>${h.itemsPending} / ${h.itemsGivenUp}</td></tr>`;
    })
    .join('');
  return `<div class="scroll" tabindex="0"><table>
<tr><th scope="col">Source</th><th scope="col">Kind</th><th scope="col">Languages</th><th scope="col">Crawled</th><th scope="col">Verified</th><th scope="col">Health</th><th scope="col">Last success</th><th scope="col">Releases</th><th scope="col">Newest release</th><th scope="col">Failed runs</th><th scope="col">Items pending / given up</th></tr>
${rows}</table></div>`;
}

export function sourcesPage(
  status: SourcesResponse,
  page: (title: string, body: string) => string,
): string {
  return page(
    'Sources — press-release search',
    `<h1>Sources</h1>
<p>Each ministry the service knows, from its file in <code>crawler/sources/</code>. Crawl interval ${escapeHtml(status.crawlInterval)}. Machine-readable: <a href="/api/sources">/api/sources</a>. <a href="/">Home</a></p>
${sourcesHealthTable(status.sources)}
<p class="muted">Failed runs: share of the last finished runs that failed or were postponed. Stale: no new release for much longer than the source usually takes. Verified: its extraction was checked on real pages (a saved copy, or a live check with <code>npm run sources -- check ID --live</code>).</p>`,
  );
}
