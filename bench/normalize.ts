/**
 * Normalization throughput over the China MFA pages and the State Department
 * corpus, and in the same run @mozilla/readability with jsdom over the same
 * pages: documents per second for both and their ratio.
 */

import { execFileSync, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RawItem } from '../crawler/normalize/types.js';
import { normalizeWithSource } from '../crawler/sources/index.js';
import { PROJECT_ROOT } from '../src/version.js';
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

interface ExtractionInput {
  text: string;
  lang: string;
  date: string | undefined;
}

/** Entity extraction over the texts in a fresh process, with the extractor at `module`. */
async function timeExtraction(
  module: string,
  texts: ExtractionInput[],
): Promise<{ seconds: number; ministers: number }> {
  const child = fork(new URL('./entities-worker.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
  });
  child.send({ module, texts });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as { seconds: number; ministers: number }));
    child.once('error', reject);
    child.once(
      'exit',
      (code) => code !== 0 && reject(new Error(`entities worker exited with ${code}`)),
    );
  });
}

/**
 * The extractor as it is at a git ref (main by default), checked out into a temporary
 * worktree (its node_modules linked to this tree's), so before and after run in one bench.
 */
function withBaselineTree<T>(ref: string, run: (entitiesModule: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-main-'));
  const tree = path.join(dir, 'main');
  execFileSync('git', ['-C', PROJECT_ROOT, 'worktree', 'add', '--detach', tree, ref], {
    stdio: 'ignore',
  });
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(tree, 'node_modules'));
  return run(path.join(tree, 'src', 'entities', 'index.ts')).finally(() => {
    execFileSync('git', ['-C', PROJECT_ROOT, 'worktree', 'remove', '--force', tree], {
      stdio: 'ignore',
    });
    rmSync(dir, { recursive: true, force: true });
  });
}

/**
 * Entity extraction alone, before (main) and after (this tree), on the texts the
 * normalizer hands it: title and body of each release, its language and date.
 */
export async function benchEntities(
  baseline = 'main',
  sets: [string, Page[]][] = [
    ['China MFA pages', chinaPages()],
    ['State Dept corpus', stateDeptPages()],
  ],
) {
  const extraction: Row[] = [];
  const here = path.join(PROJECT_ROOT, 'src', 'entities', 'index.ts');
  await withBaselineTree(baseline, async (mainModule) => {
    for (const [name, pages] of sets) {
      const texts: ExtractionInput[] = [];
      for (const p of pages) {
        const outcome = normalizeWithSource(p.item);
        if (!outcome.ok) continue;
        const r = outcome.release;
        texts.push({
          text: `${r.title}\n\n${r.body}`,
          lang: r.lang,
          date: r.published ?? undefined,
        });
      }
      // Alternating runs, the best of each side: the machine's load varies over a run.
      let before = await timeExtraction(mainModule, texts);
      let after = await timeExtraction(here, texts);
      for (let round = 0; round < 2; round++) {
        const b = await timeExtraction(mainModule, texts);
        const a = await timeExtraction(here, texts);
        if (b.seconds < before.seconds) before = b;
        if (a.seconds < after.seconds) after = a;
      }
      extraction.push(
        {
          texts: name,
          extractor: `entities at ${baseline}`,
          documents: texts.length,
          ministers: before.ministers,
          seconds: before.seconds,
          'texts/s': texts.length / before.seconds,
        },
        {
          texts: name,
          extractor: 'entities now',
          documents: texts.length,
          ministers: after.ministers,
          seconds: after.seconds,
          'texts/s': texts.length / after.seconds,
        },
        {
          texts: name,
          extractor: `ratio now/${baseline}`,
          documents: '',
          ministers: '',
          seconds: '',
          'texts/s': before.seconds / after.seconds,
        },
      );
    }
  });
  printTable(
    `Entity extraction throughput, ${baseline} vs this tree (same texts, fresh processes)`,
    extraction,
  );
  return { extraction };
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
    timeIt(pages.slice(0, 50), (p) => normalizeWithSource(p.item).ok);
    const ours = timeIt(pages, (p) => normalizeWithSource(p.item).ok);
    const readability = await timeReadability(pages);
    rows.push(
      {
        pages: name,
        extractor: 'normalizeWithSource (cheerio + entities)',
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

  const { extraction } = await benchEntities('main', sets);
  return { table: rows, extraction };
}
