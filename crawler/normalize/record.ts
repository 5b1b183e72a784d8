/**
 * An imported release as the archive keeps it: the fields of one import line
 * that the normalizer reads (the URL and source are the item's own). Pure
 * data; the import builds it, the normalizer reads it back.
 */
import { z } from 'zod';

export const importRecordSchema = z
  .object({
    /** Null when the line had none: the normalizer derives one from the text. */
    title: z.string().nullable(),
    html: z.string().optional(),
    text: z.string().optional(),
    /** As the line gave it, already checked with `parseGivenDate`; null when it gave none. */
    published: z.string().nullable(),
    /** Bylines the body may repeat as its first paragraph (feeds' dc:creator). */
    creator: z.string().optional(),
  })
  .strict();

export type ImportRecord = z.infer<typeof importRecordSchema>;
