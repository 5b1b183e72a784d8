/**
 * Replica of the US State Department press-release feed
 * (https://www.state.gov/rss-feed/press-releases/feed/), served from the real
 * RSS snapshots in ../shared/corpus/state-dept/feeds/, byte for byte, as
 * `application/rss+xml; charset=UTF-8` with Last-Modified from the feed's
 * <lastBuildDate>.
 *
 * WordPress pages a feed with `?paged=N`. The replica answers page 1 with the
 * newest snapshot it is given, page 2 with the next older one, and so on; past
 * the last one it answers 404, as WordPress does. `setFeeds` changes which
 * snapshots exist, so a test can let time pass (a newer feed appears).
 */
import { readFileSync } from 'node:fs';
import { sharedPath } from '../helpers/shared.js';
import { type Replica, type ReplicaOptions, startReplica } from './server.js';

export const US_ORIGIN = 'https://www.state.gov';
export const US_FEED_PATH = '/rss-feed/press-releases/feed/';

/** The snapshots, newest first. */
export const US_FEEDS = [
  'data-2022-08-03T2024.rss',
  'data-2022-03-22T0216.rss',
  'data-2021-05-23T1510.rss',
] as const;

export function readUsFeed(name: string): Buffer {
  return readFileSync(sharedPath('corpus', 'state-dept', 'feeds', name));
}

/** The <link> of every item of a snapshot, in order. */
export function itemLinksOf(name: string): string[] {
  const xml = readUsFeed(name).toString('utf8');
  return [...xml.matchAll(/<item>[\s\S]*?<link>([^<]+)<\/link>/g)].map((m) => m[1]!.trim());
}

export interface UsStateReplica extends Replica {
  /** Which snapshots exist, newest first (page 1 = the first). */
  setFeeds(names: readonly string[]): void;
}

export async function startUsStateReplica(
  options: ReplicaOptions & { feeds?: readonly string[] } = {},
): Promise<UsStateReplica> {
  let feeds: readonly string[] = options.feeds ?? US_FEEDS;
  const replica = await startReplica((request) => {
    const url = new URL(request.path, US_ORIGIN);
    if (url.pathname !== US_FEED_PATH) return undefined;
    const page = Number(url.searchParams.get('paged') ?? '1');
    const name = Number.isInteger(page) && page >= 1 ? feeds[page - 1] : undefined;
    if (!name) return undefined;
    const body = readUsFeed(name);
    const built = /<lastBuildDate>([^<]+)<\/lastBuildDate>/.exec(body.toString('utf8'))?.[1];
    return {
      status: 200,
      headers: { 'content-type': 'application/rss+xml; charset=UTF-8' },
      body,
      ...(built ? { lastModified: new Date(built) } : {}),
    };
  }, options);
  return Object.assign(replica, {
    setFeeds(names: readonly string[]) {
      feeds = names;
    },
  });
}
