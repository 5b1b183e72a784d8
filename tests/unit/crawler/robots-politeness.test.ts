import { describe, expect, it } from 'vitest';
import { backoffDelay, HostLimiter, parseRetryAfter } from '../../../crawler/crawl/politeness.js';
import { productToken, rulesFor } from '../../../crawler/crawl/robots.js';

const UA = 'PressReleaseSearchBot/0.1 (+https://example.org/bot)';

describe('robots.txt', () => {
  it('applies the longest matching rule, Allow winning ties, with * and $', () => {
    const rules = rulesFor(
      [
        'User-agent: *',
        'Disallow: /private/',
        'Allow: /private/press/',
        'Disallow: /*.pdf$',
        'Crawl-delay: 3',
      ].join('\n'),
      UA,
    );
    expect(rules.isAllowed('https://a.example/news/1')).toBe(true);
    expect(rules.isAllowed('https://a.example/private/x')).toBe(false);
    expect(rules.isAllowed('https://a.example/private/press/x')).toBe(true);
    expect(rules.isAllowed('https://a.example/files/a.pdf')).toBe(false);
    expect(rules.isAllowed('https://a.example/files/a.pdf?x=1')).toBe(true);
    expect(rules.crawlDelaySec).toBe(3);
  });

  it('uses the group for our product token before the * group', () => {
    const text = [
      'User-agent: *',
      'Disallow: /',
      '',
      'User-agent: PressReleaseSearchBot',
      'Disallow: /admin',
      'Crawl-delay: 2',
    ].join('\n');
    expect(productToken(UA)).toBe('pressreleasesearchbot');
    const rules = rulesFor(text, UA);
    expect(rules.isAllowed('https://a.example/news')).toBe(true);
    expect(rules.isAllowed('https://a.example/admin/x')).toBe(false);
    expect(rules.crawlDelaySec).toBe(2);
    expect(
      rulesFor(text, 'OtherBot/1 (+https://x.example)').isAllowed('https://a.example/news'),
    ).toBe(false);
  });

  it('reads "Disallow: /" as disallowing everything but robots.txt itself, and an HTML page as no rules', () => {
    const all = rulesFor('User-agent: *\nDisallow: /\n', UA);
    expect(all.isAllowed('https://a.example/')).toBe(false);
    expect(all.isAllowed('https://a.example/robots.txt')).toBe(true);
    const html = rulesFor(
      '<html><head><title>302 Found</title></head><body>moved</body></html>',
      UA,
    );
    expect(html.isAllowed('https://a.example/anything')).toBe(true);
    expect(rulesFor('User-agent: *\nDisallow:\n', UA).isAllowed('https://a.example/x')).toBe(true);
  });
});

describe('Retry-After and back-off', () => {
  it('reads delta-seconds and HTTP dates, and ignores garbage', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 01 Jan 2023 00:00:30 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('grows exponentially with jitter between half and all of the ceiling, capped', () => {
    const options = { baseMs: 1000, maxMs: 10_000 };
    expect(backoffDelay(1, options, () => 0)).toBe(500);
    expect(backoffDelay(1, options, () => 1)).toBe(1000);
    expect(backoffDelay(3, options, () => 0)).toBe(2000);
    expect(backoffDelay(3, options, () => 1)).toBe(4000);
    expect(backoffDelay(10, options, () => 1)).toBe(10_000);
    const spread = new Set(Array.from({ length: 20 }, () => backoffDelay(2, options)));
    expect(spread.size).toBeGreaterThan(1);
  });

  it('lets at most N requests per host run at once', async () => {
    const limiter = new HostLimiter(2);
    const a = await limiter.acquire('h');
    const b = await limiter.acquire('h');
    let third = false;
    const pending = limiter.acquire('h').then((release) => {
      third = true;
      return release;
    });
    const other = await limiter.acquire('other-host');
    await new Promise((r) => setTimeout(r, 10));
    expect(third).toBe(false);
    a();
    (await pending)();
    expect(third).toBe(true);
    b();
    other();
  });
});
