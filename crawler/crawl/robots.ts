/**
 * robots.txt as RFC 9309 says, plus Crawl-delay. Crawlee's own robots support
 * fetches with its browser-like client, treats any error (a 5xx included) as
 * "allow all" and ignores Crawl-delay, so the crawler uses this instead:
 * - 2xx: the rules of the group for our product token, else of `*`;
 * - 3xx: followed (up to the client's redirect limit), then as above; more
 *   redirects than that, or a loop: no robots.txt;
 * - 4xx (404, 410 …): no robots.txt, everything allowed;
 * - 5xx or no answer: the host is postponed (nothing is fetched this run).
 * Matching: the longest matching rule wins, Allow wins a tie, `*` matches any
 * run of characters and `$` anchors the end.
 */
import { crawlErrorCode, errorMessage } from './errors.js';
import type { PoliteHttpClient } from './http-client.js';

interface Rule {
  allow: boolean;
  pattern: string;
  regex: RegExp;
}

interface Group {
  agents: string[];
  rules: Rule[];
  crawlDelaySec?: number;
}

export interface RobotsRules {
  isAllowed(url: string): boolean;
  /** Crawl-delay for our group, in seconds, when given. */
  crawlDelaySec: number | undefined;
}

export type RobotsPolicy =
  | ({ status: 'ok' | 'missing'; httpStatus?: number } & RobotsRules)
  | { status: 'unavailable'; reason: string; httpStatus?: number };

function toRegex(pattern: string): RegExp {
  const anchored = pattern.endsWith('$');
  const body = (anchored ? pattern.slice(0, -1) : pattern)
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}${anchored ? '$' : ''}`);
}

export function parseRobots(text: string): Group[] {
  const groups: Group[] = [];
  let current: Group | undefined;
  let lastWasAgent = false;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const match = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!match) continue;
    const key = (match[1] ?? '').toLowerCase();
    const value = (match[2] ?? '').trim();
    if (key === 'user-agent') {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (!current) continue;
    if (key === 'allow' || key === 'disallow') {
      if (key === 'disallow' && value === '') continue; // "Disallow:" allows everything
      let pattern = value;
      try {
        pattern = decodeURI(value);
      } catch {}
      current.rules.push({ allow: key === 'allow', pattern, regex: toRegex(pattern) });
    } else if (key === 'crawl-delay') {
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds >= 0) current.crawlDelaySec = seconds;
    }
  }
  return groups;
}

/** The product token of a User-Agent: "PressReleaseSearchBot/0.1 (+…)" → "pressreleasesearchbot". */
export function productToken(userAgent: string): string {
  return (/^[A-Za-z0-9_-]+/.exec(userAgent)?.[0] ?? userAgent).toLowerCase();
}

export function rulesFor(text: string, userAgent: string): RobotsRules {
  const token = productToken(userAgent);
  const groups = parseRobots(text);
  const own = groups.filter((g) => g.agents.some((a) => a !== '*' && token.startsWith(a)));
  const chosen = own.length > 0 ? own : groups.filter((g) => g.agents.includes('*'));
  const rules = chosen.flatMap((g) => g.rules);
  const delays = chosen.map((g) => g.crawlDelaySec).filter((d): d is number => d !== undefined);
  return {
    crawlDelaySec: delays.length > 0 ? Math.max(...delays) : undefined,
    isAllowed(url: string) {
      const parsed = new URL(url);
      let path = parsed.pathname + parsed.search;
      try {
        path = decodeURI(path);
      } catch {}
      if (path === '/robots.txt') return true;
      let best: Rule | undefined;
      for (const rule of rules) {
        if (!rule.regex.test(path)) continue;
        if (
          !best ||
          rule.pattern.length > best.pattern.length ||
          (rule.pattern.length === best.pattern.length && rule.allow)
        ) {
          best = rule;
        }
      }
      return best ? best.allow : true;
    },
  };
}

export const ALLOW_ALL: RobotsRules = { isAllowed: () => true, crawlDelaySec: undefined };

/** Fetches and reads the robots.txt of an origin. Never throws. */
export async function fetchRobots(client: PoliteHttpClient, origin: string): Promise<RobotsPolicy> {
  const url = new URL('/robots.txt', origin).toString();
  try {
    const response = await client.fetch(url, { headers: { accept: 'text/plain, */*' } });
    if (response.status >= 200 && response.status < 300) {
      return {
        status: 'ok',
        httpStatus: response.status,
        ...rulesFor(response.body.toString('utf8'), client.options.userAgent),
      };
    }
    if (response.status >= 400 && response.status < 500) {
      return { status: 'missing', httpStatus: response.status, ...ALLOW_ALL };
    }
    return {
      status: 'unavailable',
      httpStatus: response.status,
      reason: `${url} answered ${response.status}`,
    };
  } catch (error) {
    const code = crawlErrorCode(error);
    // RFC 9309: after too many redirects robots.txt counts as unavailable (like a 4xx).
    if (code === 'REDIRECT_LOOP' || code === 'TOO_MANY_REDIRECTS') {
      return { status: 'missing', ...ALLOW_ALL };
    }
    return { status: 'unavailable', reason: `${url}: ${errorMessage(error)}` };
  }
}
