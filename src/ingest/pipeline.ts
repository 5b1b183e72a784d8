/**
 * The one path from archived item to release, whatever brought the item in
 * (a crawl or an import): pending items are normalized, their releases stored
 * (where the archive groups near-duplicates and translations), and what
 * could not become a release is recorded with its code. Indexing follows with
 * `syncArchiveToIndex`. Each batch is one transaction: a process killed
 * halfway leaves the rest pending, and the next run picks them up.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { decodeWith } from '../../crawler/crawl/decode.js';
import type { NormalizeOutcome, RawItem } from '../../crawler/normalize/types.js';
import type { Archive } from '../archive/archive.js';
import type { PendingItem } from '../archive/items.js';
import type { Logger } from '../log.js';

export type Normalizer = (item: RawItem) => NormalizeOutcome;

/** What normalization adds up; a crawl's own counts have these fields too. */
export interface NormalizeCounts {
  releasesNew: number;
  releasesUpdated: number;
  releasesUnchanged: number;
  /** Items without a release, by the normalizer's code. */
  errors: Record<string, number>;
  /** Releases made with a warning (TITLE_TRUNCATED, DATE_UNKNOWN, …), by code; kept when given. */
  warnings?: Record<string, number>;
}

/** Warnings worth a line in the log: the release lost text. */
const LOUD_WARNINGS = new Set(['TITLE_TRUNCATED', 'BODY_TRUNCATED']);

export interface NormalizeOptions {
  /** The crawl run the items came from: their errors are recorded with it. */
  runId?: number | undefined;
  logger: Logger;
  /**
   * Items per transaction (default 20): a China MFA page takes about 30 ms,
   * so the event loop is never held for much more than half a second.
   */
  batchSize?: number;
  onProgress?: () => void;
  /** Stops between batches; what is left stays pending for the next run. */
  signal?: AbortSignal | undefined;
}

export function rawItem(item: PendingItem): RawItem {
  return {
    sourceId: item.source,
    url: item.url,
    ...(item.finalUrl ? { finalUrl: item.finalUrl } : {}),
    format: item.format,
    text: item.text ?? (item.body ? decodeWith(item.body, item.charset ?? 'utf-8') : ''),
    langHint: item.lang ?? undefined,
    fetchedAt: item.fetchedAt,
    ...(item.firstSeenAt ? { firstSeenAt: item.firstSeenAt } : {}),
  };
}

function normalizeSafely(normalize: Normalizer, raw: RawItem): NormalizeOutcome {
  try {
    return normalize(raw);
  } catch (error) {
    return {
      ok: false,
      code: 'NORMALIZE_FAILED',
      reason: error instanceof Error ? error.message : String(error),
    };
  }
}

/**
 * Turns the archive's pending items of a source into releases. It yields to
 * the event loop between batches, so a server crawling in-process keeps
 * answering searches while thousands of items are normalized.
 */
export async function normalizePending(
  archive: Archive,
  sourceId: string,
  normalize: Normalizer,
  counts: NormalizeCounts,
  options: NormalizeOptions,
): Promise<void> {
  while (!options.signal?.aborted) {
    if (normalizeBatch(archive, sourceId, normalize, counts, options) === 0) return;
    options.onProgress?.();
    await nextTurn();
  }
}

/** Normalizes one batch (one transaction) of the source's pending items; returns how many it took. */
export function normalizeBatch(
  archive: Archive,
  sourceId: string,
  normalize: Normalizer,
  counts: NormalizeCounts,
  options: NormalizeOptions,
): number {
  const log = options.logger.child({ source: sourceId });
  const batch = archive.items.pending(sourceId, options.batchSize ?? 20);
  if (batch.length > 0) {
    archive.transaction(() => {
      for (const item of batch) {
        const outcome = normalizeSafely(normalize, rawItem(item));
        if (outcome.ok) {
          for (const warning of outcome.warnings) {
            if (counts.warnings) {
              counts.warnings[warning.code] = (counts.warnings[warning.code] ?? 0) + 1;
            }
            if (LOUD_WARNINGS.has(warning.code)) {
              log.warn({ code: warning.code, url: item.url }, warning.message);
            }
          }
          archive.ministers.save(outcome.ministers);
          const change = archive.releases.save(outcome.release, item.url);
          if (change === 'new') counts.releasesNew++;
          else if (change === 'updated') counts.releasesUpdated++;
          else counts.releasesUnchanged++;
          archive.items.recordNormalized(item.source, item.url, item.hash, {
            releaseId: outcome.release.id,
          });
          continue;
        }
        counts.errors[outcome.code] = (counts.errors[outcome.code] ?? 0) + 1;
        archive.items.recordNormalized(item.source, item.url, item.hash, {
          code: outcome.code,
          message: outcome.reason,
        });
        if (options.runId !== undefined) {
          archive.runs.recordError({
            runId: options.runId,
            source: sourceId,
            lang: item.lang ?? undefined,
            url: item.url,
            code: outcome.code,
            message: outcome.reason,
          });
        }
        log.warn(
          { code: outcome.code, url: item.url, lang: item.lang },
          `no release: ${outcome.reason}`,
        );
      }
    });
  }
  return batch.length;
}
