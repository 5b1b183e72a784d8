/**
 * Replica of any saved site in ../shared/sites/<host>: every page at its
 * URL, with the status, Content-Type and Location its `_manifest.jsonl`
 * recorded (a missing content type is taken from the page's kind, without a
 * charset, so the page's own <meta> decides as it would have), Last-Modified
 * from the capture time, bytes as stored except for fixture links to
 * `http://localhost/<file>` that crawler/crawl/saved-site.ts points back at
 * the saved page's real URL. A URL the copy does not hold answers 404.
 */
import { decodeBody } from '../../crawler/crawl/decode.js';
import { SavedSite } from '../../crawler/crawl/saved-site.js';
import { sharedPath } from '../helpers/shared.js';
import { type Replica, type ReplicaOptions, startReplica } from './server.js';

export function savedSite(host: string): SavedSite {
  return SavedSite.open(sharedPath('sites', host));
}

/** A saved page's text as the crawler decodes it (its charset from the header or <meta>). */
export async function savedPageText(host: string, url: string): Promise<string> {
  const site = savedSite(host);
  const page = site.page(url);
  if (!page) throw new Error(`the copy of ${host} holds no ${url}`);
  return decodeBody(await site.bytes(page), site.contentType(page)).text;
}

export async function startSiteReplica(
  host: string,
  options: ReplicaOptions = {},
): Promise<Replica & { site: SavedSite }> {
  const site = savedSite(host);
  const origin = `https://${host}`;
  const replica = await startReplica(async (request) => {
    const answer = await site.answer(new URL(request.path, origin));
    if (!answer) return undefined;
    const fetchedAt = answer.page.fetched_at ? new Date(answer.page.fetched_at) : undefined;
    return {
      status: answer.status,
      headers: answer.headers,
      body: answer.body,
      ...(fetchedAt && !Number.isNaN(fetchedAt.getTime()) ? { lastModified: fetchedAt } : {}),
    };
  }, options);
  return Object.assign(replica, { site });
}
