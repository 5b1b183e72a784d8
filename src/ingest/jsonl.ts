/**
 * Import of releases from JSON-lines files (one release a line, shaped like
 * ../shared/corpus/state-dept/releases.jsonl). Each bad line is reported with
 * its number and reason; the other lines are imported.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Meilisearch } from 'meilisearch';
import { z } from 'zod';
import {
  htmlToText,
  leadOf,
  normalizePlainText,
  normalizeSpaces,
} from '../../crawler/normalize/clean-html.js';
import { detectLanguage } from '../../crawler/normalize/language.js';
import { createRelease } from '../domain/create-release.js';
import { langSchema, type PressRelease, sourceIdSchema } from '../domain/release.js';
import { extractEntities } from '../entities/index.js';
import { type IndexProgress, indexReleases } from '../indexing/indexer.js';
import { describeValue, fieldProblems } from '../util/zod-errors.js';

const dateString = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'is not a date (use ISO 8601)');

export const importLineSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    title: z.string().trim().min(1, 'must not be empty'),
    html: z.string().optional(),
    text: z.string().optional(),
    published: dateString,
    lang: langSchema.optional(),
    source: sourceIdSchema.optional(),
  })
  .refine((line) => line.html !== undefined || line.text !== undefined, {
    message: 'needs "html" or "text"',
    path: ['html'],
  });

export type ImportLine = z.infer<typeof importLineSchema>;

export interface ImportDefaults {
  /** Used when a line has no "source". */
  source?: string | undefined;
  /** Used when a line has no "lang"; otherwise the language is detected. */
  lang?: string | undefined;
}

export class BadLineError extends Error {
  constructor(
    readonly code: 'INVALID_JSON' | 'INVALID_FIELD' | 'EMPTY_BODY',
    message: string,
  ) {
    super(message);
  }
}

/** Turns one parsed line into a release; throws BadLineError naming what is wrong. */
export function releaseFromLine(
  value: unknown,
  defaults: ImportDefaults,
  fetchedAt: string,
): PressRelease {
  const parsed = importLineSchema.safeParse(value);
  if (!parsed.success) {
    const problems = fieldProblems(parsed.error, value)
      .map((p) => `${p.field} = ${describeValue(p.value)}: ${p.message}`)
      .join('; ');
    throw new BadLineError('INVALID_FIELD', problems);
  }
  const line = { ...parsed.data, title: normalizeSpaces(parsed.data.title).trim() };
  const body =
    line.html !== undefined ? htmlToText(line.html) : normalizePlainText(line.text ?? '');
  if (!body) throw new BadLineError('EMPTY_BODY', 'the body has no text once markup is removed');
  const source = line.source ?? defaults.source;
  if (!source) {
    throw new BadLineError(
      'INVALID_FIELD',
      'source = missing: give it on the line or with --source',
    );
  }
  const lang = line.lang ?? defaults.lang ?? detectLanguage(`${line.title}\n${body}`) ?? 'en';
  const year = new Date(line.published).getUTCFullYear();
  const entities = extractEntities(`${line.title}\n\n${body}`, { lang, year });
  const draft = {
    url: line.url,
    source,
    lang,
    title: line.title,
    lead: leadOf(body.split('\n\n')),
    body,
    published: line.published,
    countries: entities.countries,
    ministers: entities.ministers.map((m) => m.id),
    fetchedAt,
  };
  try {
    return createRelease(draft);
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    const problems = fieldProblems(error, draft)
      .map((p) => `${p.field} = ${describeValue(p.value)}: ${p.message}`)
      .join('; ');
    throw new BadLineError('INVALID_FIELD', problems);
  }
}

export interface BadLine {
  line: number;
  code: string;
  reason: string;
}

export interface ImportReport extends IndexProgress {
  lines: number;
  bad: BadLine[];
}

export interface ImportOptions {
  client: Meilisearch;
  indexUid: string;
  defaults?: ImportDefaults;
  batchSize?: number;
  onProgress?: (report: ImportReport) => void;
  onBadLine?: (bad: BadLine) => void;
}

/** Imports a JSON-lines file: good lines are indexed in batches, bad lines reported. */
export async function importJsonLines(file: string, options: ImportOptions): Promise<ImportReport> {
  const fetchedAt = new Date().toISOString();
  const bad: BadLine[] = [];
  let lines = 0;

  async function* releases(): AsyncGenerator<PressRelease> {
    const reader = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    for await (const raw of reader) {
      lines++;
      if (!raw.trim()) continue;
      try {
        let value: unknown;
        try {
          value = JSON.parse(raw);
        } catch (error) {
          throw new BadLineError('INVALID_JSON', `not valid JSON (${(error as Error).message})`);
        }
        yield releaseFromLine(value, options.defaults ?? {}, fetchedAt);
      } catch (error) {
        if (!(error instanceof BadLineError)) throw error;
        const entry = { line: lines, code: error.code, reason: error.message };
        bad.push(entry);
        options.onBadLine?.(entry);
      }
    }
  }

  const progress = await indexReleases(options.client, options.indexUid, releases(), {
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    onProgress: (p) => options.onProgress?.({ ...p, lines, bad }),
  });
  return { ...progress, lines, bad };
}
