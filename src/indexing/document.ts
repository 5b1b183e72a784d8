/**
 * The shape a release takes inside Meilisearch: the contract's fields, with
 * title, lead and body moved to language-suffixed fields (see index-config),
 * plus fields only search uses: `month` for the date histogram, the shadow
 * fields of stems and alias tokens, and `docVersion`
 * (index-config DOCUMENT_VERSION) so an index of older documents is noticed
 * and rebuilt.
 */
import {
  ALIASES_FIELD,
  DOCUMENT_VERSION,
  STEM_BODY_FIELD,
  STEM_TITLE_FIELD,
  TEXT_FIELDS,
  textFieldName,
} from '../../index-config/settings.js';
import { type PressRelease, pressReleaseSchema } from '../domain/release.js';
import { releaseAliases } from '../search/aliases.js';
import { stemText } from '../search/morphology.js';

export type MeiliReleaseDocument = Omit<PressRelease, 'title' | 'lead' | 'body'> &
  Record<string, unknown>;

/** Fields search adds to a release; they are not part of the contract. */
const SEARCH_ONLY = new Set([
  'month',
  'docVersion',
  STEM_TITLE_FIELD,
  STEM_BODY_FIELD,
  ALIASES_FIELD,
]);

/** "2024-03" of the publication date as written (the source's local day), or null. */
export function monthOf(published: string | null): string | null {
  return published && /^\d{4}-\d{2}/.test(published) ? published.slice(0, 7) : null;
}

export function toMeiliDocument(release: PressRelease): MeiliReleaseDocument {
  const { title, lead, body, ...rest } = release;
  const text = { title, lead, body };
  const document: MeiliReleaseDocument = { ...rest };
  for (const field of TEXT_FIELDS) document[textFieldName(field, release.lang)] = text[field];
  document.month = monthOf(release.published);
  document[STEM_TITLE_FIELD] = stemText(title);
  document[STEM_BODY_FIELD] = stemText(`${lead}\n${body}`);
  document[ALIASES_FIELD] = releaseAliases(release);
  document.docVersion = DOCUMENT_VERSION;
  return document;
}

/** Reads a stored document back into a release; a document that does not fit the contract throws. */
export function fromMeiliDocument(document: Record<string, unknown>): PressRelease {
  const lang = typeof document.lang === 'string' ? document.lang : '';
  const text = Object.fromEntries(
    TEXT_FIELDS.map((field) => [field, document[textFieldName(field, lang)]]),
  );
  const rest = Object.fromEntries(
    Object.entries(document).filter(
      ([key]) => !/^(title|lead|body)_/.test(key) && key !== '_formatted' && !SEARCH_ONLY.has(key),
    ),
  );
  return pressReleaseSchema.parse({ ...rest, ...text });
}

/** Reads one text field (title, lead, body) of a stored document, whatever its language. */
export function textOf(
  document: Record<string, unknown>,
  field: (typeof TEXT_FIELDS)[number],
): string {
  const lang = typeof document.lang === 'string' ? document.lang : '';
  const value = document[textFieldName(field, lang)];
  return typeof value === 'string' ? value : '';
}
