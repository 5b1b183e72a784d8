/**
 * What a person sees while `npm run crawl` works: one live line per source
 * (redrawn in place at a terminal, printed every few seconds otherwise), and
 * a summary table at the end.
 */

import type { ItemStates } from '../../src/archive/items.js';
import type { CrawlReport, Phase } from './run.js';
import type { SourceCounts } from './stats.js';
import { emptyCounts, errorTotal } from './stats.js';

function line(source: string, phase: Phase, c: SourceCounts): string {
  return [
    source.padEnd(10),
    phase.padEnd(11),
    `pages ${String(c.pages).padStart(5)}`,
    `items +${c.itemsNew} ~${c.itemsChanged}`,
    `releases +${c.releasesNew} ~${c.releasesUpdated}`,
    `errors ${errorTotal(c)}`,
  ].join('  ');
}

export class ProgressDisplay {
  private readonly state = new Map<string, { phase: Phase; counts: SourceCounts }>();
  private drawn = 0;
  private lastDraw = 0;
  private readonly lastPrinted = new Map<string, number>();

  constructor(
    sources: readonly string[],
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly tty = out.isTTY === true,
    private readonly intervalMs = 2000,
  ) {
    for (const s of sources) this.state.set(s, { phase: 'waiting', counts: emptyCounts() });
  }

  update(source: string, phase: Phase, counts: SourceCounts): void {
    const previous = this.state.get(source);
    this.state.set(source, { phase, counts: { ...counts, errors: { ...counts.errors } } });
    const now = Date.now();
    if (this.tty) {
      if (now - this.lastDraw >= 100 || phase === 'done') this.draw();
      return;
    }
    const changedPhase = previous?.phase !== phase;
    if (changedPhase || now - (this.lastPrinted.get(source) ?? 0) >= this.intervalMs) {
      this.lastPrinted.set(source, now);
      this.out.write(`${line(source, phase, counts)}\n`);
    }
  }

  private draw(): void {
    this.lastDraw = Date.now();
    const lines = [...this.state].map(([source, s]) => line(source, s.phase, s.counts));
    const up = this.drawn > 0 ? `\u001b[${this.drawn}A` : '';
    this.out.write(`${up}${lines.map((l) => `\r\u001b[2K${l}`).join('\n')}\n`);
    this.drawn = lines.length;
  }

  finish(): void {
    if (this.tty) this.draw();
  }
}

/** Items the source still owes: failed ones waiting for their next run, given up, refused. */
function itemLine(items: ItemStates | undefined): string | undefined {
  if (!items) return undefined;
  const parts = [
    items.failed > 0
      ? `${items.failed} items failed and wait to be tried again (next at ${items.nextAttemptAt})`
      : '',
    items.gaveUp > 0 ? `${items.gaveUp} given up (GAVE_UP)` : '',
    items.refused > 0 ? `${items.refused} refused for good` : '',
    items.withdrawn > 0 ? `${items.withdrawn} withdrawn by the site (out of search)` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** The end-of-crawl table, one row per source, then error codes and the index. */
export function summaryTable(report: CrawlReport): string {
  const header = [
    'source',
    'status',
    'pages',
    '304',
    'new items',
    'changed',
    'retried',
    'new releases',
    'updated',
    'errors',
    'seconds',
  ];
  const rows = report.sources.map((s) => [
    s.source,
    `${s.status}${s.resumed ? ' (resumed)' : ''}`,
    String(s.counts.pages),
    String(s.counts.notModified),
    String(s.counts.itemsNew),
    String(s.counts.itemsChanged),
    String(s.counts.itemsRetried),
    String(s.counts.releasesNew),
    String(s.counts.releasesUpdated),
    String(errorTotal(s.counts)),
    (s.durationMs / 1000).toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]) =>
    `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  const out = [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)];
  for (const s of report.sources) {
    const codes = Object.entries(s.counts.errors).sort(([a], [b]) => (a < b ? -1 : 1));
    if (codes.length > 0)
      out.push(`${s.source} errors: ${codes.map(([c, n]) => `${c} ${n}`).join(', ')}`);
    if (s.message) out.push(`${s.source}: ${s.message}`);
    const waiting = itemLine(s.items);
    if (waiting) out.push(`${s.source}: ${waiting}`);
  }
  if (report.index) {
    const i = report.index;
    out.push(
      i.error
        ? `index: FAILED (${i.error}); ${i.pending} releases wait in the archive and are indexed on the next run`
        : `index: ${i.indexed} releases sent (${i.added} new, ${i.updated} updated), ${i.removed} replaced by a near-duplicate and removed, ${i.withdrawn} withdrawn and removed, ${i.refused} refused, ${i.pending} pending`,
    );
  }
  return out.join('\n');
}
