import { canonicalizeUrl, contentHashFor, releaseIdFor } from './ids.js';
import { type PressRelease, pressReleaseSchema } from './release.js';

export interface ReleaseDraft {
  url: string;
  source: string;
  lang: string;
  title: string;
  lead?: string;
  body: string;
  /** Any date string `Date` understands; stored as ISO 8601 UTC. */
  published: string | Date;
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
  const published = new Date(draft.published);
  const publishedIso = published.toISOString();
  const fetchedAt = new Date(draft.fetchedAt ?? Date.now()).toISOString();
  return pressReleaseSchema.parse({
    id,
    url,
    source: draft.source,
    lang: draft.lang,
    title: draft.title,
    lead: draft.lead ?? '',
    body: draft.body,
    published: publishedIso,
    publishedTs: Math.floor(published.getTime() / 1000),
    year: published.getUTCFullYear(),
    dateline: draft.dateline ?? null,
    countries: [...new Set(draft.countries ?? [])].sort(),
    ministers: [...new Set(draft.ministers ?? [])].sort(),
    translationGroup: draft.translationGroup ?? id,
    contentHash: contentHashFor({ title: draft.title, published: publishedIso, body: draft.body }),
    fetchedAt,
  });
}
