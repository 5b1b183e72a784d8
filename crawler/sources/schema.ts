/**
 * What a source file declares. Validated strictly at load time so a typo in a
 * source file fails with the field's name instead of being ignored.
 */
import { z } from 'zod';
import { countryCodeSchema, langSchema, sourceIdSchema } from '../../src/domain/release.js';

export const sourceSchema = z
  .object({
    id: sourceIdSchema,
    /** Display names; `en` is required, others are used for facet labels in that language. */
    name: z.object({ en: z.string().min(1) }).catchall(z.string().min(1)),
    /** The ministry's country. */
    country: countryCodeSchema,
    languages: z.array(langSchema).min(1),
    kind: z.enum(['html', 'feed', 'json']),
    homepage: z.url(),
  })
  .strict();

export type SourceDefinition = z.infer<typeof sourceSchema>;
