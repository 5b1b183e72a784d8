/**
 * What a source file declares. Validated strictly at load time so a typo in a
 * source file fails with the field's name instead of being ignored.
 *
 * A source is one ministry's publication channel: where it lives (`baseUrl`,
 * overridable by configuration), which languages it has and where each one
 * starts, how items are found and paged (by `kind`), and how politely it must
 * be crawled when it needs more care than the defaults.
 */
import { z } from 'zod';
import { countryCodeSchema, langSchema, sourceIdSchema } from '../../src/domain/release.js';

const regexString = z.string().refine((value) => {
  try {
    new RegExp(value);
    return true;
  } catch {
    return false;
  }
}, 'must be a valid regular expression');

/** Per-source politeness; anything left out comes from the configuration (CRAWL_*). */
export const politenessSchema = z
  .object({
    /** Minimum delay between two requests to the host, ms (robots.txt Crawl-delay can raise it). */
    delayMs: z.number().int().min(0).optional(),
    /** Requests in flight at once to the host. */
    concurrency: z.number().int().min(1).max(32).optional(),
    maxRetries: z.number().int().min(0).max(10).optional(),
    connectTimeoutMs: z.number().int().min(100).optional(),
    readTimeoutMs: z.number().int().min(100).optional(),
    maxBytes: z.number().int().min(1024).optional(),
    maxRedirects: z.number().int().min(0).max(20).optional(),
  })
  .strict();

/** Paging by a page number put into a URL. */
const numberedPagesSchema = z
  .object({
    /** URL of page n, relative to the start URL; `{n}` is replaced ("default_{n}.shtml", "?paged={n}"). */
    template: z.string().includes('{n}', { message: 'must contain {n}' }),
    /** The number of the second page (the start URL is the first). */
    first: z.number().int().min(0),
    /** A regex whose first group is the number of pages, read from the first page. */
    countPattern: regexString.optional(),
  })
  .strict();

const commonFields = {
  id: sourceIdSchema,
  /** Display names; `en` is required, others are used for facet labels in that language. */
  name: z.object({ en: z.string().min(1) }).catchall(z.string().min(1)),
  /** The ministry's country. */
  country: countryCodeSchema,
  languages: z.array(langSchema).min(1),
  homepage: z.url(),
  /** Origin the source is crawled from; configuration may point it elsewhere (a replica). */
  baseUrl: z.url({ protocol: /^https?$/ }).refine((u) => new URL(u).pathname === '/', {
    message: 'must be an origin such as "https://www.gov.kz" (no path)',
  }),
  /**
   * Hosts besides the source's own (its host, http or https, with or without
   * www) that a redirect may lead to, e.g. a media server of the ministry.
   * A redirect anywhere else is not followed (OFF_SITE_REDIRECT).
   */
  allowedHosts: z
    .array(
      z
        .string()
        .regex(
          /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?$/,
          'must be a lowercase host name such as "media.example.org" (no scheme, no path)',
        ),
    )
    .default([]),
  /** Crawled by default (npm start, `npm run crawl` without --source). */
  enabled: z.boolean().default(true),
  /** Where each language starts: a path on baseUrl or a URL on the same origin. */
  startUrls: z.record(langSchema, z.string().min(1)),
  /** Listing pages with nothing new that are still read before paging stops. */
  lookBackPages: z.number().int().min(0).default(1),
  /** Upper bound of listing pages per language and run, whatever else says. */
  maxPages: z.number().int().min(1).default(500),
  politeness: politenessSchema.default({}),
};

const htmlSourceSchema = z
  .object({
    ...commonFields,
    kind: z.literal('html'),
    listing: z
      .object({
        /** CSS selector of the links to items on a listing page. */
        itemSelector: z.string().min(1),
        /** Only links whose href matches this regex are items. */
        itemHref: regexString.optional(),
        /**
         * Regex matched against the text right after an item's link; its
         * first group is the item's date (YYYY-MM-DD), used for --since.
         */
        dateAfterLink: regexString.optional(),
        /** Regex with groups (month name, day, year) matched against the link text. */
        dateInTitle: regexString.optional(),
        paging: numberedPagesSchema,
      })
      .strict(),
  })
  .strict();

const feedSourceSchema = z
  .object({
    ...commonFields,
    kind: z.literal('feed'),
    feed: z
      .object({
        format: z.enum(['rss', 'atom']),
        /** Older entries on further pages (WordPress: "?paged={n}"), when the feed has them. */
        paging: numberedPagesSchema.optional(),
      })
      .strict(),
  })
  .strict();

const jsonSourceSchema = z
  .object({
    ...commonFields,
    kind: z.literal('json'),
    api: z
      .object({
        type: z.literal('graphql'),
        /** The GraphQL query; its variables come from `variables`. */
        query: z.string().min(1),
        /**
         * Variables sent with each page; string values may use {lang},
         * {page} and {size}, which become numbers when they are the whole value.
         */
        variables: z.record(z.string(), z.union([z.string(), z.number()])),
        /** Dotted path to the list of items in `data` ("news"). */
        itemsPath: z.string().min(1),
        pageSize: z.number().int().min(1).max(200),
        firstPage: z.number().int().min(0).default(1),
        /** The public page of one item; {id}, {slug} and {lang} are replaced. */
        itemUrl: z.string().includes('{id}', { message: 'must contain {id}' }),
        /** Field holding the item's ISO 8601 date, used for --since. */
        dateField: z.string().min(1).optional(),
      })
      .strict(),
  })
  .strict();

export const sourceSchema = z
  .discriminatedUnion('kind', [htmlSourceSchema, feedSourceSchema, jsonSourceSchema])
  .superRefine((source, ctx) => {
    for (const lang of source.languages) {
      if (!source.startUrls[lang]) {
        ctx.addIssue({
          code: 'custom',
          path: ['startUrls', lang],
          message: `language "${lang}" is listed in languages but has no start URL`,
        });
      }
    }
    for (const lang of Object.keys(source.startUrls)) {
      if (!source.languages.includes(lang)) {
        ctx.addIssue({
          code: 'custom',
          path: ['startUrls', lang],
          message: `start URL for "${lang}", which is not in languages`,
        });
      }
    }
    for (const [lang, start] of Object.entries(source.startUrls)) {
      const url = new URL(start, source.baseUrl);
      if (url.origin !== new URL(source.baseUrl).origin) {
        ctx.addIssue({
          code: 'custom',
          path: ['startUrls', lang],
          message: `must be on ${source.baseUrl}; base-URL overrides move the whole source`,
        });
      }
    }
  });

export type SourceDefinition = z.output<typeof sourceSchema>;
export type SourceInput = z.input<typeof sourceSchema>;
export type HtmlSource = Extract<SourceDefinition, { kind: 'html' }>;
export type FeedSource = Extract<SourceDefinition, { kind: 'feed' }>;
export type JsonSource = Extract<SourceDefinition, { kind: 'json' }>;
