/**
 * Where a source's crawl may go. Its own hosts — the host of its origin with
 * or without www, over http or https, and the hosts its file declares in
 * `allowedHosts` — each under its own robots.txt, read once per origin (the
 * request passes the host's schedule like any other), whose Crawl-delay
 * becomes that host's delay. A redirect hop is checked like a new request:
 * to a host that is not the source's it is not followed (OFF_SITE_REDIRECT),
 * into a path robots.txt disallows neither (ROBOTS_DISALLOWED).
 */
import type { SourceDefinition } from '../sources/schema.js';
import { FinalCrawlError } from './errors.js';
import type { PoliteHttpClient } from './http-client.js';
import { fetchRobots, type RobotsPolicy } from './robots.js';

function withOrWithoutWww(host: string): string {
  return host.startsWith('www.') ? host.slice(4) : `www.${host}`;
}

/** A source's own hosts: its origin's host, the same with or without www, and its allowedHosts. */
export function ownHostsOf(source: {
  baseUrl: string;
  allowedHosts: readonly string[];
}): Set<string> {
  const host = new URL(source.baseUrl).host;
  return new Set([host, withOrWithoutWww(host), ...source.allowedHosts]);
}

export class SitePolicy {
  private readonly robots = new Map<string, Promise<RobotsPolicy>>();
  readonly ownHosts: ReadonlySet<string>;

  constructor(
    private readonly source: SourceDefinition,
    private readonly client: PoliteHttpClient,
  ) {
    this.ownHosts = ownHostsOf(source);
  }

  isOwnHost(url: URL): boolean {
    return (url.protocol === 'http:' || url.protocol === 'https:') && this.ownHosts.has(url.host);
  }

  /** robots.txt of an origin, fetched once; its Crawl-delay sets the host's delay. */
  robotsOf(origin: string): Promise<RobotsPolicy> {
    let policy = this.robots.get(origin);
    if (!policy) {
      policy = fetchRobots(this.client, origin).then((robots) => {
        if (robots.status !== 'unavailable' && robots.crawlDelaySec !== undefined) {
          this.client.schedule.setDelay(new URL(origin).host, robots.crawlDelaySec * 1000);
        }
        return robots;
      });
      this.robots.set(origin, policy);
    }
    return policy;
  }

  /** The redirect check of the HTTP client: throws when the hop must not be followed. */
  readonly checkRedirect = async (next: URL, from: URL): Promise<void> => {
    if (!this.isOwnHost(next)) {
      throw new FinalCrawlError(
        'OFF_SITE_REDIRECT',
        `${from} redirects to ${next}, which is not a host of ${this.source.id} (${[...this.ownHosts].join(', ')}); not followed`,
      );
    }
    const robots = await this.robotsOf(next.origin);
    if (robots.status === 'unavailable') {
      throw new FinalCrawlError(
        'ROBOTS_UNAVAILABLE',
        `${from} redirects to ${next}, but robots.txt of ${next.origin} could not be read (${robots.reason}); not followed`,
      );
    }
    if (!robots.isAllowed(next.toString())) {
      throw new FinalCrawlError(
        'ROBOTS_DISALLOWED',
        `${from} redirects to ${next}, which robots.txt disallows; not followed`,
      );
    }
  };
}
