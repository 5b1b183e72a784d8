/**
 * A saved copy of a site (a folder of pages with `_manifest.jsonl`, as in
 * ../shared/sites) taken in as if it had been crawled: each item page is
 * archived with its bytes and charset exactly as a fetch would archive it,
 * listing pages of sources whose items live in the listing (feeds, JSON
 * APIs) give their items, and then the normal path follows — normalize with
 * the source's own extract rules, group, index. Importing the same copy
 * twice changes nothing.
 */
import type { Meilisearch } from 'meilisearch';
import { type ListingItem, parseListing, sha256 } from '../../crawler/crawl/adapters.js';
import { decodeBody } from '../../crawler/crawl/decode.js';
import type { SavedPage, SavedSite } from '../../crawler/crawl/saved-site.js';
import { ownHostsOf } from '../../crawler/crawl/site-policy.js';
import { extractPdf, PdfError, pdfItemText } from '../../crawler/normalize/pdf.js';
import type { SourceDefinition } from '../../crawler/sources/schema.js';
import type { Archive } from '../archive/archive.js';
import type { ItemChange } from '../archive/items.js';
import type { SyncReport } from '../indexing/sync.js';
import { type Logger, silentLogger } from '../log.js';
import { emptyIngestCounts, type ImportPhase, normalizeAndIndex } from './jsonl.js';
import type { NormalizeCounts } from './pipeline.js';

export interface SiteImportReport {
  /** Pages the manifest lists. */
  pages: number;
  /** Pages that gave no item, and why (a listing, robots.txt, a redirect, not found …). */
  skipped: { url: string; reason: string }[];
  items: Record<ItemChange, number>;
  releases: NormalizeCounts;
  index: SyncReport;
  /** Items that made no release, with the normalizer's code and reason. */
  noRelease: { url: string; code: string; reason: string }[];
}

export interface SiteImportOptions {
  archive: Archive;
  client: Meilisearch;
  indexUid: string;
  batchSize?: number;
  logger?: Logger;
  onProgress?: (phase: ImportPhase, report: SiteImportReport) => void;
}

const LISTINGS = new Set(['listing', 'api', 'feed', 'sitemap']);

/** The item's language: the page's, when the source has it; else the source's only listing language. */
function languageOf(page: SavedPage, source: SourceDefinition): string | undefined {
  if (page.lang && source.languages.includes(page.lang)) return page.lang;
  const listed = Object.keys(source.startUrls);
  return listed.length === 1 ? listed[0] : undefined;
}

const isPdf = (page: SavedPage, bytes: Buffer) =>
  /pdf/i.test(page.content_type ?? '') || bytes.subarray(0, 5).toString('latin1') === '%PDF-';

/** A saved site whose pages are not on the source's own hosts: read by another source's rules. */
export class SiteNotOfSourceError extends Error {
  readonly code = 'SITE_NOT_OF_SOURCE';
}

/**
 * Refuses a saved site holding pages of hosts that are not the source's own
 * (its origin with or without www, its allowedHosts): imported under the
 * wrong --source, its releases would be stored, and replace others, as that
 * source's.
 */
export function checkSiteOfSource(site: SavedSite, source: SourceDefinition): void {
  const own = ownHostsOf(source);
  const foreign = [...new Set(site.pages.map((page) => new URL(page.url).host))].filter(
    (host) => !own.has(host),
  );
  if (foreign.length > 0) {
    throw new SiteNotOfSourceError(
      `its pages are on ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}, not on ${source.id}'s hosts (${[...own].join(', ')}); give the source whose site this is (npm run sources -- list)`,
    );
  }
}

export async function importSavedSite(
  site: SavedSite,
  source: SourceDefinition,
  options: SiteImportOptions,
): Promise<SiteImportReport> {
  checkSiteOfSource(site, source);
  const { archive } = options;
  const logger = options.logger ?? silentLogger;
  const report: SiteImportReport = {
    pages: site.pages.length,
    skipped: [],
    ...emptyIngestCounts(),
    noRelease: [],
  };
  const inlineSource =
    source.kind === 'feed' ||
    (source.kind === 'json' && !('itemPages' in source.api && source.api.itemPages));
  const imported: string[] = [];
  for (const page of site.pages) {
    const status = page.status ?? 200;
    if (status !== 200) {
      report.skipped.push({ url: page.url, reason: `saved with status ${status}` });
      continue;
    }
    const bytes = await site.bytes(page);
    const lang = languageOf(page, source);
    const fetchedAt = page.fetched_at ?? new Date().toISOString();
    // Without a recorded fetch time the import's own time says nothing of the page's date.
    const seenAtKnown = page.fetched_at !== undefined && page.fetched_at !== null;
    if (page.kind && LISTINGS.has(page.kind)) {
      if (!inlineSource || !lang) {
        report.skipped.push({
          url: page.url,
          reason: 'a listing page (its items are pages of their own)',
        });
        continue;
      }
      const decoded = decodeBody(bytes, site.contentType(page));
      let items: ListingItem[];
      try {
        items = parseListing(source, lang, page.url, decoded.text).items;
      } catch (error) {
        report.skipped.push({
          url: page.url,
          reason: `not a listing of ${source.id}: ${(error as Error).message}`,
        });
        continue;
      }
      archive.transaction(() => {
        for (const item of items.filter((i) => i.text !== undefined)) {
          const change = archive.items.upsert({
            source: source.id,
            url: item.url,
            lang,
            format: item.format === 'feed-item' ? 'feed-item' : 'json',
            text: item.text ?? '',
            hash: sha256(item.text ?? ''),
            fetchedAt,
            seenAtKnown,
          });
          report.items[change]++;
          imported.push(item.url);
        }
      });
      continue;
    }
    if (page.kind && page.kind !== 'item') {
      report.skipped.push({ url: page.url, reason: `a page of kind "${page.kind}"` });
      continue;
    }
    let pdfText: string | undefined;
    if (isPdf(page, bytes)) {
      try {
        pdfText = pdfItemText(await extractPdf(bytes));
      } catch (error) {
        if (!(error instanceof PdfError)) throw error;
        report.skipped.push({ url: page.url, reason: `INVALID_PDF: ${error.message}` });
        continue;
      }
    }
    const decoded = pdfText === undefined ? decodeBody(bytes, site.contentType(page)) : undefined;
    if (decoded?.damaged) {
      report.skipped.push({ url: page.url, reason: `CHARSET_DAMAGED: ${decoded.note}` });
      continue;
    }
    archive.transaction(() => {
      const stored = archive.responses.save({
        source: source.id,
        lang,
        requestKey: page.url,
        kind: 'item',
        url: page.url,
        finalUrl: page.url,
        status,
        headers: { 'content-type': site.contentType(page) },
        body: bytes,
        ...(decoded
          ? { charset: decoded.charset, charsetSource: decoded.source, damaged: false }
          : {}),
        hash: sha256(bytes),
        fetchedAt,
      });
      const change = archive.items.upsert({
        source: source.id,
        url: page.url,
        lang,
        format: pdfText === undefined ? 'html' : 'pdf',
        // A page's text is its archived body, decoded with the charset stored beside it.
        text: pdfText ?? null,
        hash: sha256(bytes),
        responseId: stored.id,
        finalUrl: page.url,
        fetchedAt,
        seenAtKnown,
      });
      report.items[change]++;
    });
    imported.push(page.url);
    options.onProgress?.('reading', report);
  }
  await normalizeAndIndex(
    archive,
    new Set([source.id]),
    report,
    { client: options.client, indexUid: options.indexUid, batchSize: options.batchSize, logger },
    options.onProgress,
  );
  for (const url of imported) {
    const outcome = archive.items.outcome(source.id, url);
    if (outcome) report.noRelease.push({ url, code: outcome.code, reason: outcome.message });
  }
  return report;
}
