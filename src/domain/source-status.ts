/**
 * The state of each source the service crawls: what the scheduler
 * (crawler/crawl/scheduler.ts) reports and GET /api/sources answers. It sits
 * in the domain because both sides share it; the crawler never imports HTTP.
 */
import { z } from 'zod';

export const sourceRunSchema = z.object({
  id: z.number().int(),
  status: z
    .enum(['running', 'completed', 'failed', 'postponed'])
    .describe(
      'postponed: robots.txt or the site could not be reached; tried again at the next run',
    ),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  pages: z.number().int().min(0),
  newReleases: z.number().int().min(0),
  updatedReleases: z.number().int().min(0),
  retriedItems: z
    .number()
    .int()
    .min(0)
    .describe('Items that had failed in earlier runs, tried again in this one'),
  errors: z.number().int().min(0),
  errorCodes: z.record(z.string(), z.number().int()).describe('Error code → occurrences'),
  message: z.string().nullable(),
});

export const sourceHealthSchema = z
  .object({
    status: z
      .enum(['ok', 'stale', 'failing', 'never-crawled'])
      .describe('failing: half or more of the recent runs failed; stale: see staleReason'),
    lastSuccess: z.string().nullable().describe('When a crawl of the source last completed'),
    lastRun: z.string().nullable(),
    failureRate: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .describe('Share of the last 10 finished runs that failed or were postponed'),
    recentRuns: z.number().int().min(0),
    releases: z.number().int().min(0),
    newestRelease: z.string().nullable().describe('Publication time of the newest release'),
    usualIntervalHours: z.number().nullable().describe('Median time between its recent releases'),
    stale: z.boolean().describe('No new release for much longer than its usual interval'),
    staleReason: z.string().nullable(),
    itemsPending: z.number().int().min(0).describe('Items waiting for another attempt'),
    itemsGivenUp: z.number().int().min(0),
    verified: z
      .boolean()
      .describe(
        'Its extraction was checked on real pages (its file says so, or a live check passed)',
      ),
    verifiedAt: z.string().nullable().describe('When a live check last passed'),
  })
  .describe("The source's health, from its runs and releases");

export const sourceStatusSchema = z.object({
  id: z.string(),
  name: z.string(),
  country: z.string(),
  kind: z.string().describe('html, feed, sitemap or json'),
  languages: z.array(z.string()),
  enabled: z.boolean(),
  health: sourceHealthSchema,
  crawling: z.boolean().describe('A crawl of this source is running now'),
  lastRun: sourceRunSchema.nullable(),
  releases: z.number().int().min(0).describe('Releases in the archive'),
  pendingIndex: z.number().int().min(0).describe('Releases waiting to be (re)indexed'),
  items: z
    .object({
      failed: z
        .number()
        .int()
        .min(0)
        .describe(
          'Items whose fetch failed, waiting for their next attempt (back-off across runs)',
        ),
      nextAttemptAt: z.string().nullable().describe('When the first of them is tried again'),
      gaveUp: z
        .number()
        .int()
        .min(0)
        .describe('Items given up after failing in CRAWL_RETRY_MAX_RUNS runs (GAVE_UP)'),
      refused: z
        .number()
        .int()
        .min(0)
        .describe(
          'Items refused for good: too large, redirect loop, robots.txt, off-site redirect',
        ),
    })
    .describe('Items of the source that are not archived'),
  withdrawn: z
    .number()
    .int()
    .min(0)
    .describe(
      'Releases whose page now answers 404/410 or "not found": kept in the archive, out of search',
    ),
  refused: z
    .number()
    .int()
    .min(0)
    .describe('Releases Meilisearch refused (kept in the archive; sent again when they change)'),
  nextRun: z.string().nullable().describe('When the next scheduled crawl starts; null when off'),
});

export const sourcesResponseSchema = z.object({
  crawlInterval: z.string().describe('"6h", … or "off"'),
  sources: z.array(sourceStatusSchema),
  index: z
    .object({
      pending: z.number().int().min(0),
      refused: z.number().int().min(0),
    })
    .describe('Every source in the archive, crawled or imported: releases waiting, and refused'),
});

export type SourceStatusView = z.infer<typeof sourceStatusSchema>;
export type SourceHealthView = z.infer<typeof sourceHealthSchema>;
export type SourcesResponse = z.infer<typeof sourcesResponseSchema>;
