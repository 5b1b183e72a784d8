/**
 * Normalization throughput over the China MFA pages and the State Department
 * corpus, and in the same run @mozilla/readability with jsdom over the same
 * pages: documents per second for both and their ratio.
 */

import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { normalizeItem } from '../crawler/normalize/index.js';
import type { RawItem } from '../crawler/normalize/types.js';
import { sharedPath } from '../tests/helpers/shared.js';
import { printTable, type Row } from './lib.js';

interface Page {
  item: RawItem;
  /** The HTML Readability gets: the page itself, or the feed item's body in a page shell. */
  html: string;
}

function chinaPages(): Page[] {
  const dir = sharedPath('sites', 'www.fmprc.gov.cn');
  const manifest = readFileSync(path.join(dir, '_manifest.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(
      (line) =>
        JSON.parse(line) as { url: string; path: string; kind: string; lang: string | null },
    );
  return manifest
    .filter((m) => m.kind === 'item')
    .map((m) => {
      const html = readFileSync(path.join(dir, m.path), 'utf8');
      return {
        html,
        item: {
          sourceId: 'cn-mfa',
          url: m.url,
          format: 'html' as const,
          text: html,
          langHint: m.lang ?? undefined,
          fetchedAt: '2020-07-04T04:00:00Z',
        },
      };
    });
}

function stateDeptPages(): Page[] {
  const file = sharedPath('corpus', 'state-dept', 'releases.jsonl');
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(
      (line) =>
        JSON.parse(line) as {
          url: string;
          title: string;
          published: string;
          html: string;
          creator: string;
        },
    )
    .map((r) => {
      const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
      const xml = `<item><title>${escapeXml(r.title)}</title><link>${r.url}</link><pubDate>${new Date(r.published).toUTCString()}</pubDate><dc:creator><![CDATA[${r.creator}]]></dc:creator><content:encoded><![CDATA[${r.html}]]></content:encoded></item>`;
      return {
        html: `<!doctype html><html><head><title>${escapeXml(r.title)}</title></head><body><article><h1>${escapeXml(r.title)}</h1>${r.html}</article></body></html>`,
        item: {
          sourceId: 'us-state',
          url: r.url,
          format: 'feed-item' as const,
          text: xml,
          langHint: 'en',
          fetchedAt: r.published,
        },
      };
    });
}

/** Readability over all pages, in slices of 300 per fresh process (see readability-worker.ts). */
async function timeReadability(pages: Page[]): Promise<{ seconds: number; ok: number }> {
  const slices: { html: string; url: string }[][] = [];
  for (let i = 0; i < pages.length; i += 300) {
    slices.push(pages.slice(i, i + 300).map((p) => ({ html: p.html, url: p.item.url })));
  }
  let ok = 0;
  const started = performance.now();
  for (const slice of slices) {
    const child = fork(new URL('./readability-worker.ts', import.meta.url), [], {
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
    });
    child.send(slice);
    ok += await new Promise<number>((resolve, reject) => {
      child.once('message', (count) => resolve(Number(count)));
      child.once('error', reject);
      child.once(
        'exit',
        (code) => code !== 0 && reject(new Error(`Readability worker exited with ${code}`)),
      );
    });
  }
  return { seconds: (performance.now() - started) / 1000, ok };
}

function timeIt(pages: Page[], run: (page: Page) => unknown): { seconds: number; ok: number } {
  let ok = 0;
  const started = performance.now();
  for (const page of pages) if (run(page)) ok++;
  return { seconds: (performance.now() - started) / 1000, ok };
}

export async function benchNormalize() {
  const sets: [string, Page[]][] = [
    ['China MFA pages', chinaPages()],
    ['State Dept corpus', stateDeptPages()],
  ];
  const rows: Row[] = [];
  for (const [name, pages] of sets) {
    // A warm-up pass over a slice, so our side does not pay for JIT warm-up alone
    // (each Readability worker starts cold, which is part of its cost here).
    timeIt(pages.slice(0, 50), (p) => normalizeItem(p.item).ok);
    const ours = timeIt(pages, (p) => normalizeItem(p.item).ok);
    const readability = await timeReadability(pages);
    rows.push(
      {
        pages: name,
        extractor: 'normalizeItem (cheerio + entities)',
        documents: pages.length,
        ok: ours.ok,
        seconds: ours.seconds,
        'docs/s': pages.length / ours.seconds,
      },
      {
        pages: name,
        extractor: 'Readability + jsdom',
        documents: pages.length,
        ok: readability.ok,
        seconds: readability.seconds,
        'docs/s': pages.length / readability.seconds,
      },
      {
        pages: name,
        extractor: 'ratio ours/Readability',
        documents: '',
        ok: '',
        seconds: '',
        'docs/s': readability.seconds / ours.seconds,
      },
    );
  }
  printTable(
    'Normalization throughput (same pages; Readability in fresh processes of 300 pages, since jsdom keeps ~1.5 MB a page)',
    rows,
  );
  return { table: rows };
}
