import { createHash } from 'node:crypto';

/** Query parameters that only track visitors; they never change what a page is. */
const TRACKING_PARAMS = /^(utm_[a-z]+|fbclid|gclid|yclid|mc_[a-z]+|_ga|ref)$/i;

/**
 * The canonical form of a release URL: lowercase scheme and host, default port
 * and fragment dropped, credentials (`user:pass@`) dropped — they are nobody's
 * to see —, tracking parameters removed, remaining parameters sorted. Two URLs
 * that show the same page map to the same string.
 */
export function canonicalizeUrl(input: string): string {
  const url = new URL(input);
  url.hash = '';
  url.username = '';
  url.password = '';
  url.hostname = url.hostname.toLowerCase().replace(/\.$/, '');
  const kept = [...url.searchParams.entries()]
    .filter(([key]) => !TRACKING_PARAMS.test(key))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  url.search = new URLSearchParams(kept).toString();
  return url.toString();
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Stable release id: 128 bits of SHA-256 over the canonical URL, as 32 hex characters. */
export function releaseIdFor(url: string): string {
  return sha256Hex(canonicalizeUrl(url)).slice(0, 32);
}

/** Hash of what a reader sees; a change here means the release must be re-indexed. */
export function contentHashFor(parts: { title: string; published: string; body: string }): string {
  return sha256Hex(`${parts.title}\u0000${parts.published}\u0000${parts.body}`);
}
