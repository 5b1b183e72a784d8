/**
 * The release contract: what every stage (import, crawl, normalize, index,
 * search) agrees a press release is. Anything that crosses a stage boundary
 * is parsed with `pressReleaseSchema`.
 */
import { z } from 'zod';
import { isCountryCode } from '../entities/countries.js';
import { releaseIdFor } from './ids.js';

/** A language as a lowercase ISO 639-1 code (ru, kk, en, zh, …). */
export const langSchema = z
  .string()
  .regex(/^[a-z]{2}$/, 'must be a two-letter ISO 639-1 code such as "ru" or "en"');

/** A source id: the name of a file in crawler/sources (kz-mfa, cn-mfa, us-state, …). */
export const sourceIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and dashes');

/** A minister id: the slug of the minister's English name (wang-yi, murat-nurtleu). */
export const ministerIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be the slug of an English name, e.g. "wang-yi"');

export const countryCodeSchema = z
  .string()
  .refine(isCountryCode, 'must be an ISO 3166-1 alpha-2 code such as "KZ"');

export const releaseIdSchema = z
  .string()
  .regex(/^[0-9a-f]{32}$/, 'must be 32 lowercase hex characters');

export const pressReleaseSchema = z
  .object({
    /** Stable id: the first 128 bits of SHA-256 over the canonical URL, in hex (see ids.ts). */
    id: releaseIdSchema,
    /** Canonical URL of the release (tracking parameters and fragments removed). */
    url: z.url(),
    /** Id of the source that published it (crawler/sources/<id>.ts). */
    source: sourceIdSchema,
    /** Language of title, lead and body. */
    lang: langSchema,
    /** Headline, plain text, whitespace normalized. */
    title: z.string().min(1),
    /** First substantial paragraph, plain text; empty when the release has none. */
    lead: z.string(),
    /** Clean text of the release: paragraphs separated by a blank line, no markup. */
    body: z.string(),
    /**
     * Publication time, ISO 8601 with time zone (UTC "Z" or an offset); null
     * when no date could be found: a date is never invented.
     */
    published: z.iso.datetime({ offset: true }).nullable(),
    /** How much of `published` the source gave: a full time, only a day, or nothing. */
    datePrecision: z.enum(['datetime', 'date', 'unknown']),
    /** `published` as Unix seconds: what filters and sorting use (null sorts last). */
    publishedTs: z.number().int().nullable(),
    /** Calendar year of `published` as written (the source's local day): a facet. */
    year: z.number().int().min(1900).max(2200).nullable(),
    /** Dateline city when the text has one ("Чэнду"), else null. */
    dateline: z.string().nullable().default(null),
    /** Countries mentioned, ISO 3166-1 alpha-2, sorted, unique. */
    countries: z.array(countryCodeSchema),
    /** Ministers mentioned, by minister id, sorted, unique. */
    ministers: z.array(ministerIdSchema),
    /** Releases that are translations of one another share this value. */
    translationGroup: z.string().min(1),
    /** SHA-256 (hex) of title + published + body: detects changed content. */
    contentHash: z.string().regex(/^[0-9a-f]{64}$/),
    /** When the page behind the release was fetched (or imported), ISO 8601. */
    fetchedAt: z.iso.datetime({ offset: true }),
  })
  .superRefine((release, ctx) => {
    if (release.id !== releaseIdFor(release.url)) {
      ctx.addIssue({
        code: 'custom',
        path: ['id'],
        message: `id ${release.id} does not match the canonical URL ${release.url}`,
      });
    }
  });

export type PressRelease = z.infer<typeof pressReleaseSchema>;
