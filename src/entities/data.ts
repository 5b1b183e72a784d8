/**
 * Loads the reviewable gazetteer files and validates them with zod once, at
 * module load. A bad entry stops the process with a message that names the
 * file, the field and the value, instead of silently matching nothing.
 */
import { z } from 'zod';
import { describeValue, fieldProblems } from '../util/zod-errors.js';
import { isCountryCode } from './countries.js';
import countriesJson from './data/countries.json' with { type: 'json' };
import ministersJson from './data/ministers.json' with { type: 'json' };

const text = z.string().trim().min(1);
const names = z.array(text);
const countryCode = z.string().refine(isCountryCode, { message: 'not an ISO 3166-1 alpha-2 code' });

const langBlock = z.strictObject({ names, adjectives: names.optional() });

const countrySchema = z.strictObject({
  code: countryCode,
  en: langBlock,
  ru: langBlock,
  kk: langBlock.optional(),
  zh: z.strictObject({ names }).optional(),
});

export const countriesFileSchema = z.strictObject({
  $comment: z.array(z.string()).optional(),
  countries: z.array(countrySchema).min(1),
  blockers: z.strictObject({ en: names, ru: names, kk: names, zh: names }),
  zhAbbreviations: z.record(z.string().length(1), countryCode),
});

const year = z.number().int().min(1950).max(2100);
/** A term bound: a year, or a day when the source gives it (YYYY-MM-DD). */
const termBound = z.union([
  year,
  z
    .string()
    .regex(/^(19[5-9]\d|20\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be YYYY-MM-DD'),
]);
/** foreign-minister, finance-minister, defence-minister, …, or minister (portfolio not stated). */
export const ROLE_PATTERN = /^(?:[a-z]+-)*minister$/;

const ministerSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be an ASCII slug (a-z, 0-9, dashes)'),
  country: countryCode,
  role: z.string().regex(ROLE_PATTERN, 'must be <portfolio>-minister (kebab-case) or minister'),
  title: text.optional(),
  names: z.strictObject({
    en: text,
    ru: text.optional(),
    kk: text.optional(),
    zh: text.optional(),
  }),
  terms: z
    .array(
      z
        .strictObject({ from: termBound, to: termBound.nullable() })
        .refine((t) => t.to === null || termEnd(t.to) >= termStart(t.from), {
          message: 'term ends before it starts',
        }),
    )
    .min(1),
  variants: names.optional(),
  surnames: names.optional(),
  titledSurnames: names.optional(),
  zhVariants: names.optional(),
  zhTitled: names.optional(),
  requireRoleContext: z.boolean().optional(),
  wikipedia: text,
  source: text,
  /** Pages read to review the entry: the address and what it states, briefly. */
  checked: z
    .array(z.strictObject({ url: z.url(), confirms: text }))
    .min(1)
    .optional(),
  note: text.optional(),
});

export const ministersFileSchema = z
  .strictObject({
    $comment: z.array(z.string()).optional(),
    ministers: z.array(ministerSchema).min(1),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.ministers.forEach((m, i) => {
      if (seen.has(m.id)) {
        ctx.addIssue({ code: 'custom', path: ['ministers', i, 'id'], message: 'duplicate id' });
      }
      seen.add(m.id);
    });
  });

/** The first day a term bound covers (a year bound covers the whole year). */
export function termStart(bound: number | string): string {
  return typeof bound === 'number' ? `${bound}-01-01` : bound;
}

/** The last day a term bound covers. */
export function termEnd(bound: number | string): string {
  return typeof bound === 'number' ? `${bound}-12-31` : bound;
}

export type CountriesFile = z.infer<typeof countriesFileSchema>;
export type CountryData = CountriesFile['countries'][number];
export type MinistersFile = z.infer<typeof ministersFileSchema>;
export type MinisterData = MinistersFile['ministers'][number];

/** Parse data with a schema; on failure throw naming file, field path and value. */
export function parseDataFile<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const lines = fieldProblems(result.error, value)
    .slice(0, 5)
    .map((p) => `  ${p.field}: ${p.message} (value: ${describeValue(p.value)})`);
  const more =
    result.error.issues.length > 5 ? `\n  … and ${result.error.issues.length - 5} more` : '';
  throw new Error(`Invalid entity data in ${file}:\n${lines.join('\n')}${more}`);
}

export const countriesData: CountriesFile = parseDataFile(
  countriesFileSchema,
  countriesJson as unknown,
  'src/entities/data/countries.json',
);

export const ministersData: MinistersFile = parseDataFile(
  ministersFileSchema,
  ministersJson as unknown,
  'src/entities/data/ministers.json',
);
