/**
 * The shape a release takes inside Meilisearch: the contract's fields, with
 * title, lead and body moved to language-suffixed fields (see index-config).
 */
import { TEXT_FIELDS, textFieldName } from '../../index-config/settings.js';
import { type PressRelease, pressReleaseSchema } from '../domain/release.js';

export type MeiliReleaseDocument = Omit<PressRelease, 'title' | 'lead' | 'body'> &
  Record<string, unknown>;

export function toMeiliDocument(release: PressRelease): MeiliReleaseDocument {
  const { title, lead, body, ...rest } = release;
  const text = { title, lead, body };
  const document: MeiliReleaseDocument = { ...rest };
  for (const field of TEXT_FIELDS) document[textFieldName(field, release.lang)] = text[field];
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
      ([key]) => !/^(title|lead|body)_/.test(key) && key !== '_formatted',
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
