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

export const sourceStatusSchema = z.object({
  id: z.string(),
  name: z.string(),
  country: z.string(),
  languages: z.array(z.string()),
  enabled: z.boolean(),
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
export type SourcesResponse = z.infer<typeof sourcesResponseSchema>;
