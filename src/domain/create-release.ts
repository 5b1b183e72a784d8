import { canonicalizeUrl, contentHashFor, releaseIdFor } from './ids.js';
import { type PressRelease, pressReleaseSchema } from './release.js';

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?[+-]\d{2}:\d{2}$/;

export interface ReleaseDraft {
  url: string;
  source: string;
  lang: string;
  title: string;
  lead?: string;
  body: string;
  /** Any date string `Date` understands, stored as ISO 8601 UTC; null when unknown. */
  published: string | Date | null;
  /** Defaults to "datetime" when a date is given, "unknown" when not. */
  datePrecision?: 'datetime' | 'date' | 'unknown';
  dateline?: string | null;
  countries?: string[];
  ministers?: string[];
  translationGroup?: string;
  fetchedAt?: string | Date;
}

/** Completes a draft with the derived fields (id, timestamps, hash) and validates it. */
export function createRelease(draft: ReleaseDraft): PressRelease {
  const url = canonicalizeUrl(draft.url);
  const id = releaseIdFor(url);
  const published = draft.published === null ? null : new Date(draft.published);
  if (published && Number.isNaN(published.getTime())) {
    throw new RangeError(`published is not a date: ${String(draft.published)}`);
  }
  // An offset the source gave ("+08:00") is kept: it says the ministry's local day.
  const withOffset =
    typeof draft.published === 'string' && ISO_WITH_OFFSET.test(draft.published)
      ? draft.published
      : undefined;
  const publishedIso = published ? (withOffset ?? published.toISOString()) : null;
  const fetchedAt = new Date(draft.fetchedAt ?? Date.now()).toISOString();
  // Lone UTF-16 surrogates (from "\ud800" escapes in JSON) are no text: U+FFFD stands in.
  const title = draft.title.toWellFormed();
  const body = draft.body.toWellFormed();
  return pressReleaseSchema.parse({
    id,
    url,
    source: draft.source,
    lang: draft.lang,
    title,
    lead: (draft.lead ?? '').toWellFormed(),
    body,
    published: publishedIso,
    datePrecision: published ? (draft.datePrecision ?? 'datetime') : 'unknown',
    publishedTs: published ? Math.floor(published.getTime() / 1000) : null,
    year: publishedIso ? Number(publishedIso.slice(0, 4)) : null,
    dateline: draft.dateline?.toWellFormed() ?? null,
    countries: [...new Set(draft.countries ?? [])].sort(),
    ministers: [...new Set(draft.ministers ?? [])].sort(),
    translationGroup: draft.translationGroup ?? id,
    contentHash: contentHashFor({ title, published: publishedIso ?? '', body }),
    fetchedAt,
  });
}
