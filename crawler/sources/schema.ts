/**
 * What a source file declares: everything about one ministry's publication
 * channel, as data (YAML or JSON). Validated strictly when the registry
 * loads, so a typo fails naming the file, the field and the value instead of
 * being ignored; `npm run sources -- schema` writes the JSON Schema made from
 * it (crawler/sources/source.schema.json) so editors complete and check
 * source files.
 *
 * A source is: identity (id, names, country, languages), where it lives
 * (`baseUrl`, overridable by configuration; a start URL per language), how
 * items are found and paged (by `kind`), how politely it must be crawled when
 * it needs more care than the defaults, how its pages are read (`extract`:
 * selectors, date format, time zone, boilerplate, JSON fields), and where its
 * facts come from and whether they were checked on real pages.
 */
import { z } from 'zod';
import { countryCodeSchema, langSchema, sourceIdSchema } from '../../src/domain/release.js';
import { JSON_PATH } from '../../src/util/json-path.js';
import { isUsableFormat } from '../normalize/date-format.js';
import { DETECTABLE_LANGUAGES } from '../normalize/language.js';

const regexString = z
  .string()
  .min(1)
  .refine((value) => {
    try {
      new RegExp(value);
      return true;
    } catch {
      return false;
    }
  }, 'must be a valid regular expression');

const timeZone = z
  .string()
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as "Asia/Almaty" or "Europe/London"')
  .describe('IANA time zone of the ministry: a date without a time is midnight there');

const dateFormat = z
  .string()
  .refine(isUsableFormat, 'must be a Luxon date format with day, month and year, such as "M/d/yy"')
  .describe(
    'Luxon format of dates written this way ("M/d/yy", "HH:mm / dd.MM.yyyy", "d MMMM yyyy"); see https://moment.github.io/luxon/#/parsing?id=table-of-tokens',
  );

/** An item page's URL template: {id}, {slug} and {lang} are replaced. */
const itemUrlTemplate = z
  .string()
  .refine((url) => /\{(id|slug)\}/.test(url), 'must contain {id} or {slug}');

const jsonPath = z
  .string()
  .regex(JSON_PATH, 'must be a dotted field path such as "data.news" or "results"');

/** A CSS selector, or one with the attribute to read instead of the text. */
const selector = z
  .union([
    z.string().min(1).describe('CSS selector; its text is taken'),
    z
      .object({
        css: z.string().min(1).describe('CSS selector'),
        attr: z.string().min(1).optional().describe('Attribute to read instead of the text'),
        all: z
          .boolean()
          .optional()
          .describe('Every match, in page order, instead of the first (bodies split in parts)'),
      })
      .strict(),
  ])
  .meta({ id: 'Selector' });
export type SelectorInput = z.input<typeof selector>;

/** Per-source politeness; anything left out comes from the configuration (CRAWL_*). */
export const politenessSchema = z
  .object({
    delayMs: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('Minimum delay between two requests to the host, ms (robots.txt can raise it)'),
    concurrency: z.number().int().min(1).max(32).optional().describe('Requests in flight at once'),
    maxRetries: z.number().int().min(0).max(10).optional(),
    connectTimeoutMs: z.number().int().min(100).optional(),
    readTimeoutMs: z.number().int().min(100).optional(),
    maxBytes: z.number().int().min(1024).optional(),
    maxRedirects: z.number().int().min(0).max(20).optional(),
  })
  .strict()
  .meta({ id: 'Politeness' });

/** How listing pages follow one another. */
const pagingSchema = z
  .object({
    template: z
      .string()
      .includes('{n}', { message: 'must contain {n}' })
      .optional()
      .describe(
        'URL of page n relative to the start URL, {n} replaced ("default_{n}.shtml", "?paged={n}", "{n}")',
      ),
    first: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('The number {n} of the second page (the start URL is the first)'),
    countPattern: regexString
      .optional()
      .describe('Regex whose first group is the number of pages, read from the first page'),
    next: z
      .string()
      .min(1)
      .optional()
      .describe('CSS selector of the link to the next page (instead of a template)'),
  })
  .strict()
  .superRefine((paging, ctx) => {
    if ((paging.template === undefined) === (paging.next === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'needs either "template" (numbered pages) or "next" (a link to the next page), not both',
      });
    }
    if (paging.template !== undefined && paging.first === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['first'],
        message: 'numbered pages need "first", the number of the second page',
      });
    }
    if (paging.next !== undefined && (paging.first ?? paging.countPattern) !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: '"first" and "countPattern" go with "template", not with "next"',
      });
    }
  })
  .meta({ id: 'Paging' });

/** How a listing, sitemap or API entry gives its date (for --since and the check). */
const entryDateSchema = z
  .object({
    css: z.string().min(1).optional().describe('CSS selector inside the entry'),
    attr: z.string().min(1).optional().describe('Attribute to read instead of the text'),
    format: dateFormat.optional(),
    afterLink: regexString
      .optional()
      .describe('Regex matched against the text right after the link; group 1 is YYYY-MM-DD'),
    inTitle: regexString
      .optional()
      .describe('Regex with groups (month name, day, year) matched against the link text'),
  })
  .strict()
  .meta({ id: 'EntryDate' });

/** How a page, a PDF or a JSON item is read. */
export const extractSchema = z
  .object({
    timeZone,
    title: z.array(selector).optional().describe('Selectors tried in order; the first with text'),
    date: z.array(selector).optional().describe('Selectors tried in order; the first with text'),
    dateFormat: dateFormat.optional(),
    body: z.array(selector).optional().describe('Selectors tried in order; the first with text'),
    remove: z.array(z.string().min(1)).optional().describe('Removed from the page before reading'),
    titleSuffix: regexString
      .optional()
      .describe('Regex of the part of <title> that names the site ("\\s*-\\s*GOV\\.UK$")'),
    dropParagraphs: z
      .array(regexString)
      .optional()
      .describe('Whole paragraphs that are boilerplate (bylines, "Office of the Spokesperson")'),
    language: z
      .enum(['listing', 'detect'])
      .default('listing')
      .describe(
        'listing: the language of the start URL the item came from; detect: told from the text among the source languages (listings that mix languages)',
      ),
    fields: z
      .object({
        id: jsonPath.default('id'),
        title: jsonPath,
        date: jsonPath.optional(),
        body: z.array(jsonPath).min(1).describe('Tried in order; the first non-empty (HTML)'),
        slug: jsonPath.optional(),
      })
      .strict()
      .optional()
      .describe('JSON items: where title, date and body are'),
  })
  .strict()
  .meta({ id: 'Extract' });

const commonFields = {
  $schema: z.string().optional().describe('The JSON Schema of source files, for editors'),
  id: sourceIdSchema.describe('Source id: the file name without its extension (kz-mfa)'),
  name: z
    .object({ en: z.string().min(1) })
    .catchall(z.string().min(1))
    .describe('Display names by language; en is required'),
  country: countryCodeSchema.describe('ISO 3166-1 alpha-2 code of the ministry'),
  languages: z.array(langSchema).min(1).describe('Languages its releases are in'),
  homepage: z.url(),
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .refine((u) => new URL(u).pathname === '/', {
      message: 'must be an origin such as "https://www.gov.kz" (no path)',
    })
    .describe('Origin the source is crawled from; SOURCE_BASE_URL_<ID> may point elsewhere'),
  allowedHosts: z
    .array(
      z
        .string()
        .regex(
          /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?$/,
          'must be a lowercase host name such as "media.example.org" (no scheme, no path)',
        ),
    )
    .default([])
    .describe('Hosts besides its own that redirects and item links may lead to'),
  enabled: z.boolean().default(true).describe('Crawled by default (npm start, npm run crawl)'),
  verified: z
    .boolean()
    .describe(
      'true once extraction was checked on real pages of the site (a replica of them or a live check); false until then',
    ),
  provenance: z
    .array(z.string().min(1))
    .min(1)
    .describe('Where the facts in this file come from (captures, public configurations, feeds)'),
  replica: z
    .object({
      site: z
        .string()
        .min(1)
        .describe('A saved site: a folder under SHARED_DIR/sites (or a path) with _manifest.jsonl'),
      startUrls: z
        .record(langSchema, z.string().min(1))
        .optional()
        .describe('Start URLs the saved copy holds, when it lacks the live ones'),
    })
    .strict()
    .optional()
    .describe('Where `sources check` crawls from without --live'),
  startUrls: z
    .record(langSchema, z.string().min(1))
    .describe('Where each language starts: a path on baseUrl or a URL on its origin'),
  lookBackPages: z
    .number()
    .int()
    .min(0)
    .default(1)
    .describe('Listing pages with nothing new still read before paging stops'),
  maxPages: z
    .number()
    .int()
    .min(1)
    .default(500)
    .describe('Upper bound of listing pages per language and run'),
  politeness: politenessSchema.default({}),
  extract: extractSchema,
};

const htmlSourceSchema = z
  .object({
    ...commonFields,
    kind: z.literal('html'),
    listing: z
      .object({
        items: z.string().min(1).describe('CSS selector of one entry (a link, a row, a card)'),
        link: z
          .string()
          .min(1)
          .optional()
          .describe(
            'CSS selector of the link inside an entry; default: the entry itself or its first link',
          ),
        itemHref: regexString.optional().describe('Only links whose href matches are items'),
        title: z.string().min(1).optional().describe('CSS selector of the title inside an entry'),
        date: entryDateSchema.optional(),
        dropParams: z
          .array(z.string().min(1))
          .optional()
          .describe('Query parameters removed from item links (Liferay\'s "redirect")'),
        paging: pagingSchema.optional(),
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
        paging: pagingSchema.optional().describe('Older entries on further pages ("?paged={n}")'),
      })
      .strict(),
  })
  .strict();

const sitemapSourceSchema = z
  .object({
    ...commonFields,
    kind: z.literal('sitemap'),
    sitemap: z
      .object({
        itemHref: regexString.optional().describe('Only page URLs matching this regex are items'),
        news: z
          .boolean()
          .default(false)
          .describe('A Google News sitemap: only entries with <news:news> are items'),
      })
      .strict(),
  })
  .strict();

const graphqlApiSchema = z
  .object({
    type: z.literal('graphql'),
    query: z.string().min(1).describe('The GraphQL query; its variables come from `variables`'),
    variables: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .describe('Sent with each page; {lang}, {page} and {size} are replaced'),
    itemsPath: jsonPath.describe('Path to the list of items in `data` ("news")'),
    pageSize: z.number().int().min(1).max(200),
    firstPage: z.number().int().min(0).default(1),
    itemUrl: itemUrlTemplate.describe(
      'The public page of one item; {id}, {slug} and {lang} are replaced',
    ),
    dateField: jsonPath.optional().describe("Path to the item's ISO 8601 date, for --since"),
  })
  .strict();

const restApiSchema = z
  .object({
    type: z.literal('rest'),
    itemsPath: jsonPath.describe('Path to the list of items in the answer ("results")'),
    urlField: jsonPath.optional().describe('Path to the item URL, absolute or site-relative'),
    itemUrl: itemUrlTemplate
      .optional()
      .describe('Instead of urlField: the item page, {id}, {slug} and {lang} replaced'),
    dateField: jsonPath
      .optional()
      .describe("Path to the item's date (ISO 8601, or an HTML fragment holding one)"),
    titleField: jsonPath.optional().describe("Path to the item's title, shown by `sources check`"),
    nextField: jsonPath
      .optional()
      .describe('Path to the URL of the next page ("next_page_url"); none = last page'),
    paging: pagingSchema.optional().describe('Instead of nextField: numbered pages'),
    itemPages: z
      .boolean()
      .default(false)
      .describe(
        'true: fetch each item URL as a page and read it with `extract`; false: the JSON item is the release (`extract.fields`)',
      ),
  })
  .strict()
  .superRefine((api, ctx) => {
    if ((api.urlField === undefined) === (api.itemUrl === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'needs either "urlField" or "itemUrl"' });
    }
    if (api.nextField !== undefined && api.paging !== undefined) {
      ctx.addIssue({ code: 'custom', message: '"nextField" and "paging" exclude each other' });
    }
  });

const jsonSourceSchema = z
  .object({
    ...commonFields,
    kind: z.literal('json'),
    api: z.discriminatedUnion('type', [graphqlApiSchema, restApiSchema]),
  })
  .strict();

export const sourceSchema = z
  .discriminatedUnion('kind', [
    htmlSourceSchema,
    feedSourceSchema,
    sitemapSourceSchema,
    jsonSourceSchema,
  ])
  .superRefine((source, ctx) => {
    const langs = Object.keys(source.startUrls);
    if (langs.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['startUrls'],
        message: 'needs at least one start URL',
      });
    }
    const mixed = source.extract.language === 'detect';
    for (const lang of source.languages) {
      // A listing that mixes languages has one start URL for several of them.
      if (!mixed && !source.startUrls[lang]) {
        ctx.addIssue({
          code: 'custom',
          path: ['startUrls', lang],
          message: `language "${lang}" is listed in languages but has no start URL`,
        });
      }
    }
    if (mixed) {
      for (const lang of source.languages) {
        if (!DETECTABLE_LANGUAGES.includes(lang)) {
          ctx.addIssue({
            code: 'custom',
            path: ['languages'],
            message: `"${lang}" cannot be detected (extract.language = detect knows ${DETECTABLE_LANGUAGES.join(', ')})`,
          });
        }
      }
    }
    for (const lang of langs) {
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
    const inlineJson =
      source.kind === 'json' && (source.api.type === 'graphql' || !source.api.itemPages);
    if (inlineJson && !source.extract.fields) {
      ctx.addIssue({
        code: 'custom',
        path: ['extract', 'fields'],
        message: 'a JSON API whose items are the releases needs extract.fields (title, body …)',
      });
    }
    if (!inlineJson && source.extract.fields) {
      ctx.addIssue({
        code: 'custom',
        path: ['extract', 'fields'],
        message: 'only JSON items are read by field paths; this source reads pages',
      });
    }
  });

export type SourceDefinition = z.output<typeof sourceSchema>;
export type SourceInput = z.input<typeof sourceSchema>;
export type ExtractMap = z.output<typeof extractSchema>;
export type HtmlSource = Extract<SourceDefinition, { kind: 'html' }>;
export type FeedSource = Extract<SourceDefinition, { kind: 'feed' }>;
export type SitemapSource = Extract<SourceDefinition, { kind: 'sitemap' }>;
export type JsonSource = Extract<SourceDefinition, { kind: 'json' }>;
export type Paging = z.output<typeof pagingSchema>;
