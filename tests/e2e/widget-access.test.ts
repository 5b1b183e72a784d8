/**
 * The widget by keyboard alone, its ARIA roles and live region, an axe-core
 * check in both themes and both widths, and the screenshots (saved to
 * tests/e2e/artifacts/, git-ignored) of the widget with results.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useWidgetStack } from './helpers/stack.js';
import {
  answered,
  apiSearch,
  facetValues,
  firstAnswer,
  focused,
  options,
  searchBox,
  statusLine,
} from './helpers/widget.js';

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/**
 * Puts axe-core into the page through the devtools protocol: the demo page's
 * Content-Security-Policy (script-src 'self') rightly refuses an inline script tag.
 */
async function injectAxe(page: Page): Promise<void> {
  await page.evaluate(AXE_SOURCE);
}

const stack = useWidgetStack('e2e-access');

/** Presses Tab until the focused control's data-k matches, at most `limit` times. */
async function tabTo(page: Page, wanted: RegExp, limit = 150): Promise<string> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const key = await focused(page);
    if (wanted.test(key)) return key;
  }
  throw new Error(`no control matching ${wanted} within ${limit} tabs`);
}

describe('keyboard', () => {
  it('searches, picks a facet value, pages and opens a result without a mouse', async () => {
    const { page } = await stack().openWidget('keys', {
      body: '<mfa-search debounce="50"></mfa-search>',
    });

    // "/" focuses the search box from anywhere on the page.
    await page.locator('h1').click();
    await page.keyboard.press('/');
    expect(await focused(page)).toBe('q');
    await answered(page, () => page.keyboard.type('Russia'));
    expect(await searchBox(page).inputValue()).toBe('Russia');

    // Arrows move through the results (aria-activedescendant), Escape steps back then clears.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await searchBox(page).getAttribute('aria-activedescendant')).toBe('o1');
    expect(await options(page).nth(1).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowUp');
    expect(await searchBox(page).getAttribute('aria-activedescendant')).toBe('o0');
    await page.keyboard.press('Escape');
    expect(await searchBox(page).getAttribute('aria-activedescendant')).toBeNull();
    await answered(page, () => page.keyboard.press('Escape'));
    expect(await searchBox(page).inputValue()).toBe('');
    await answered(page, () => page.keyboard.type('Russia'));

    // Tab to the first country and tick it with Space; focus stays on it.
    const box = await tabTo(page, /^f:country:/);
    const value = box.split(':')[2]!;
    const before = (await facetValues(page, 'country')).find((c) => c.value === value)!;
    const filtered = await answered(page, () => page.keyboard.press('Space'));
    expect(filtered.total).toBe(before.count);
    expect(await focused(page)).toBe(box);
    expect((await facetValues(page, 'country')).find((c) => c.value === value)?.checked).toBe(true);

    // Tab to "Next" and press Enter: page 2 is announced and focus stays on "Next".
    await tabTo(page, /^next$/);
    const second = await answered(page, () => page.keyboard.press('Enter'));
    expect(second.page).toBe(2);
    expect(await focused(page)).toBe('next');
    expect(await statusLine(page).textContent()).toContain('Page 2 of');
    expect(await page.locator('mfa-search .status').getAttribute('role')).toBe('status');

    // Back to the box with "/", down to the first result, Enter opens it.
    await page.keyboard.press('/');
    expect(await focused(page)).toBe('q');
    const expected = await apiSearch(stack().apiOrigin, {
      q: 'Russia',
      country: value,
      page: '2',
      perPage: '10',
    });
    await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForURL(expected.hits[0]!.url), page.keyboard.press('Enter')]);
    expect(page.url()).toBe(expected.hits[0]!.url);
    await page.close();
  });

  it('shows where the focus is', async () => {
    const { page } = await stack().openWidget('focus', { body: '<mfa-search></mfa-search>' });
    await page.locator('h1').click();
    await tabTo(page, /^sort$/);
    const outline = await page.evaluate(() => {
      const inner = document.querySelector('mfa-search')!.shadowRoot!.activeElement!;
      const style = getComputedStyle(inner);
      return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
    });
    expect(outline.style).toBe('solid');
    expect(outline.width).toBeGreaterThanOrEqual(2);
    await page.close();
  });
});

describe('roles, accessibility check and looks', () => {
  it('follows the combobox and listbox pattern', async () => {
    const { page } = await stack().openWidget('roles', { body: '<mfa-search></mfa-search>' });
    const combobox = page.getByRole('combobox', { name: 'Search press releases' });
    expect(await combobox.getAttribute('aria-controls')).toBe('results');
    expect(await combobox.getAttribute('aria-expanded')).toBe('true');
    const listbox = page.getByRole('listbox', { name: 'Results' });
    expect(await listbox.getAttribute('id')).toBe('results');
    expect(await listbox.getByRole('option').count()).toBe(10);
    const first = listbox.getByRole('option').first();
    // An option is named by what it shows, title first.
    const title = await first.locator('.title').textContent();
    const name = await first.evaluate((option) => option.textContent);
    expect(name!.startsWith(title!)).toBe(true);
    expect(await page.getByRole('option', { name: title! }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('navigation', { name: 'Pages' }).count()).toBe(1);
    expect(await page.getByRole('group', { name: 'Country' }).count()).toBe(1);
    await page.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    for (const width of [320, 1280]) {
      it(`has no serious or critical axe violation, ${scheme}, ${width} px (screenshot saved)`, async () => {
        const context = await stack().newContext({
          viewport: { width, height: 900 },
          colorScheme: scheme,
        });
        const url = stack().hostPage(`look-${scheme}-${width}`, {
          body: '<mfa-search per-page="5"></mfa-search>',
        });
        const { page } = await stack().open(url, context);
        await firstAnswer(page);
        await answered(page, () => searchBox(page).fill('Kazakhstan'));
        if (width < 700) {
          // The filters fold behind a button in a narrow column.
          const toggle = page.locator('mfa-search button.toggle');
          expect(await toggle.isVisible()).toBe(true);
          expect(await page.locator('mfa-search fieldset[data-facet=country]').isVisible()).toBe(
            false,
          );
          await toggle.click();
          expect(await toggle.getAttribute('aria-expanded')).toBe('true');
        }
        expect(await page.locator('mfa-search fieldset[data-facet=country]').isVisible()).toBe(
          true,
        );
        await searchBox(page).focus();
        await page.keyboard.press('ArrowDown');
        const file = await stack().screenshot(page, `widget-${scheme}-${width}`);
        expect(file).toMatch(/\.png$/);
        // The page has no horizontal scroll even at 320 px.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          width,
        );
        await injectAxe(page);
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run: (context: Document) => Promise<any> } })
            .axe;
          const results = await axe.run(document);
          return (results.violations as any[]).map((v) => ({
            id: v.id,
            impact: v.impact,
            nodes: v.nodes.map((n: any) => n.target.join(' ')).slice(0, 5),
          }));
        });
        await stack().saveText(
          `axe-${scheme}-${width}.json`,
          `${JSON.stringify(violations, null, 2)}\n`,
        );
        expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual(
          [],
        );
        await context.close();
      });
    }
  }

  it('has no serious or critical axe violation in the empty state', async () => {
    const { page } = await stack().openWidget('states', {
      body: '<mfa-search debounce="0"></mfa-search>',
    });
    await answered(page, () => searchBox(page).fill('qqqzzzxxyy'));
    expect(await page.locator('mfa-search [part=empty]').isVisible()).toBe(true);
    await injectAxe(page);
    const run = () =>
      page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (context: Document) => Promise<any> } })
          .axe;
        const results = await axe.run(document);
        return (results.violations as any[])
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => v.id);
      });
    expect(await run()).toEqual([]);
    await stack().screenshot(page, 'widget-empty');
    await page.close();
  });

  it('serves a demo page at / whose live widget searches what is indexed, in each language', async () => {
    for (const [ui, width] of [
      ['en', 1280],
      ['kk', 390],
    ] as const) {
      const context = await stack().newContext({ viewport: { width, height: 900 } });
      const { page, problems } = await stack().open(`${stack().apiOrigin}/?ui=${ui}`, context);
      const answer = await firstAnswer(page);
      const all = await apiSearch(stack().apiOrigin, { perPage: '1' });
      expect(answer.total).toBe(all.total);
      expect(await page.locator('h1').textContent()).toBe('Press-release search');
      expect(await page.locator('mfa-search').getAttribute('lang')).toBe(ui);
      expect(await page.locator('pre.copy').textContent()).toContain(
        `<script src="${stack().apiOrigin}/widget.js" defer></script>`,
      );
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        width,
      );
      await stack().screenshot(page, `demo-${ui}-${width}`);
      await stack().screenshot(page, `demo-${ui}-${width}-widget`, '.demo');
      await injectAxe(page);
      const serious = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (context: Document) => Promise<any> } })
          .axe;
        const results = await axe.run(document);
        return (results.violations as any[])
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
      });
      expect(serious).toEqual([]);
      expect(problems.errors).toEqual([]);
      await context.close();
    }
  });
});
