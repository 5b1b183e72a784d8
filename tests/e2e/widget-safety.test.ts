/**
 * The widget under hostile text, a stopped API and a foreign origin, in real
 * Chromium: markup in releases stays text, errors show and recover, the API
 * refuses origins outside WIDGET_ORIGINS, and no Meilisearch key is in sight.
 */
import { describe, expect, inject, it } from 'vitest';
import { HOSTILE } from './helpers/data.js';
import { useWidgetStack } from './helpers/stack.js';
import { answered, options, searchBox, statusLine, titles } from './helpers/widget.js';

const stack = useWidgetStack('e2e-safety');

const squeeze = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('hostile text', () => {
  it('shows HTML and script in a release as characters and runs none of it', async () => {
    const { page, problems } = await stack().openWidget('hostile', {
      body: '<mfa-search debounce="0"></mfa-search>',
    });
    const elementsBefore = await page.evaluate(() => document.querySelectorAll('*').length);
    const answer = await answered(page, () => searchBox(page).fill('Zanzibarine'));
    expect(answer.total).toBe(1);
    const option = options(page).first();
    expect(squeeze((await option.locator('.title').textContent()) ?? '')).toBe(
      squeeze(HOSTILE.title),
    );
    const snippet = (await option.locator('.snippet').textContent()) ?? '';
    expect(snippet).toContain('<script>alert("body")</script>');
    expect(snippet).toContain('<img src=x onerror=alert(2)>');
    expect(snippet).toContain('<iframe src="javascript:alert(4)"></iframe>');
    // Entities written out in the release stay written out: the text is decoded once, not twice.
    expect(snippet).toContain('&lt;b&gt;bold&lt;/b&gt;');
    // The match is still highlighted, with <mark> the only element added.
    expect(await option.locator('.title mark').allTextContents()).toEqual(['Zanzibarine']);
    const injected = await page.evaluate(() => {
      const root = document.querySelector('mfa-search')!.shadowRoot!;
      const tags = new Set<string>();
      for (const element of root.querySelectorAll('.results *')) tags.add(element.tagName);
      return {
        tags: [...tags].sort(),
        pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
        dangerous: root.querySelectorAll('script, img, svg, iframe, [onerror], [onload]').length,
        elements: document.querySelectorAll('*').length,
      };
    });
    expect(injected.tags).toEqual(['LI', 'MARK', 'SPAN', 'TIME']);
    expect(injected.dangerous).toBe(0);
    expect(injected.pwned).toBeNull();
    expect(injected.elements).toBe(elementsBefore);
    await page.waitForTimeout(300);
    expect(problems.dialogs).toEqual([]);
    expect(problems.errors).toEqual([]);
    // Opening it goes to its http(s) URL, nowhere else.
    await Promise.all([page.waitForURL(HOSTILE.url), option.click()]);
    expect(problems.dialogs).toEqual([]);
    await page.close();
  });
});

describe('errors', () => {
  it('shows the error state while the API is stopped, and Retry recovers', async () => {
    const { page } = await stack().openWidget('down', {
      body: '<mfa-search debounce="0"></mfa-search>',
    });
    await stack().stopApi();
    try {
      await searchBox(page).fill('climate');
      await page.waitForFunction(() => window.__mfa.errors.length > 0);
      const error = page.locator('mfa-search [part=error]');
      expect(await error.isVisible()).toBe(true);
      expect(await error.locator('p').textContent()).toBe(
        'The search service could not be reached.',
      );
      expect(await statusLine(page).textContent()).toBe('The search service could not be reached.');
      expect(await options(page).count()).toBe(0);
      expect(await page.locator('mfa-search nav[part=pager]').isVisible()).toBe(false);
    } finally {
      await stack().startApi();
    }
    const recovered = await answered(page, () =>
      page.locator('mfa-search button[part=retry]').click(),
    );
    expect(recovered.q).toBe('climate');
    expect(recovered.total).toBeGreaterThan(0);
    expect(await page.locator('mfa-search [part=error]').isVisible()).toBe(false);
    expect((await titles(page)).length).toBeGreaterThan(0);
    await page.close();
  });

  it('shows the API’s message when it refuses a request', async () => {
    const url = stack().hostPage('refused', {
      body: '<mfa-search debounce="0" filter="country=XX"></mfa-search>',
    });
    const { page } = await stack().open(url);
    await page.waitForFunction(() => window.__mfa.errors.length > 0);
    const message = await page.locator('mfa-search [part=error] p').textContent();
    expect(message).toContain('country');
    await page.close();
  });
});

describe('origins', () => {
  it('loads the script on a page of another origin, but the API refuses that origin, and the widget says why', async () => {
    const url = stack().hostPage('stranger', { body: '<mfa-search></mfa-search>', stranger: true });
    const context = await stack().newContext();
    const { page } = await stack().open(url, context);
    await page.waitForFunction(() => window.__mfa.errors.length > 0);
    // The script ran (the element is defined and rendered) ...
    expect(await page.evaluate(() => Boolean(customElements.get('mfa-search')))).toBe(true);
    expect(await page.locator('mfa-search [part=error]').isVisible()).toBe(true);
    // ... the API said no, and the widget shows its reason, not "could not be reached".
    const message = await page.locator('mfa-search [part=error] p').textContent();
    expect(message).toContain(stack().strangerOrigin);
    expect(message).toContain('WIDGET_ORIGINS');
    // The page reads the refusal and nothing else: no release, no count.
    const direct = await page.evaluate(async (api) => {
      const response = await fetch(`${api}/api/search?q=climate`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    }, stack().apiOrigin);
    expect(direct.status).toBe(403);
    expect(Object.keys(direct.body)).toEqual(['error']);
    expect((direct.body.error as { code: string }).code).toBe('ORIGIN_NOT_ALLOWED');
    // A preflight from that origin is refused unreadably.
    const preflight = await fetch(`${stack().apiOrigin}/api/search`, {
      method: 'OPTIONS',
      headers: { Origin: stack().strangerOrigin, 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    await context.close();
  });

  it('holds no Meilisearch key and talks to nothing but the API', async () => {
    const { page, problems } = await stack().openWidget('key', {
      body: '<mfa-search debounce="0"></mfa-search>',
    });
    await answered(page, () => searchBox(page).fill('energy'));
    const script = stack().widget.code.toString('utf8');
    expect(script).not.toContain(inject('meiliKey'));
    expect(script).not.toContain(inject('meiliHost'));
    for (const request of problems.requests) {
      expect([stack().hostOrigin, stack().apiOrigin]).toContain(new URL(request).origin);
    }
    const headers = await page.evaluate(() =>
      Object.keys(localStorage).concat(Object.keys(sessionStorage)),
    );
    expect(headers).toEqual([]);
    await page.close();
  });
});
