/**
 * Reading and driving <mfa-search> in a real page. Locators pierce the open
 * shadow root; each answer the widget renders is counted by an init script,
 * so a test waits for "the next answer" instead of sleeping.
 */
import type { BrowserContext, Page } from 'playwright-core';

declare global {
  interface Window {
    __mfa: { results: { total: number; page: number; q: string }[]; errors: unknown[] };
  }
}

/** Counts the widget's answers and errors in every page of the context. */
export async function watchWidget(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    window.__mfa = { results: [], errors: [] };
    document.addEventListener('mfa-search-results', (event) =>
      window.__mfa.results.push((event as CustomEvent).detail),
    );
    document.addEventListener('mfa-search-error', (event) =>
      window.__mfa.errors.push((event as CustomEvent).detail),
    );
  });
}

const answers = (page: Page) => page.evaluate(() => window.__mfa.results.length);

/** Waits for the widget's first answer after loading. */
export async function firstAnswer(page: Page): Promise<{ total: number; page: number; q: string }> {
  await page.waitForFunction(() => window.__mfa.results.length > 0);
  return page.evaluate(() => window.__mfa.results.at(-1)!);
}

/** Does something, then waits until the widget has rendered one more answer; returns it. */
export async function answered(
  page: Page,
  action: () => Promise<unknown>,
): Promise<{ total: number; page: number; q: string }> {
  const before = await answers(page);
  await action();
  await page.waitForFunction((count) => window.__mfa.results.length > count, before);
  return page.evaluate(() => window.__mfa.results.at(-1)!);
}

export const searchBox = (page: Page) => page.locator('mfa-search input[role=combobox]');
export const statusLine = (page: Page) => page.locator('mfa-search .status');
export const options = (page: Page) => page.locator('mfa-search [role=option]');

export interface ShownFacetValue {
  value: string;
  label: string;
  count: number;
  checked: boolean;
}

/** The values a facet list shows, as the visitor sees them. */
export function facetValues(page: Page, facet: string): Promise<ShownFacetValue[]> {
  return page.evaluate((facet) => {
    const root = document.querySelector('mfa-search')!.shadowRoot!;
    return [...root.querySelectorAll(`fieldset[data-facet="${facet}"] .vals label`)].map(
      (label) => {
        const box = label.querySelector('input') as HTMLInputElement;
        return {
          value: box.value,
          label: label.childNodes[1]?.textContent ?? '',
          count: Number((label.querySelector('span')?.textContent ?? '').replace(/\D/g, '')),
          checked: box.checked,
        };
      },
    );
  }, facet);
}

/** data-k of the focused control inside the widget (or the tag name of what else has focus). */
export function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const host = document.querySelector('mfa-search');
    const inner = host?.shadowRoot?.activeElement as HTMLElement | null | undefined;
    if (document.activeElement === host && inner) return inner.dataset.k ?? inner.tagName;
    return document.activeElement?.tagName ?? '';
  });
}

/** Titles of the results shown, in order. */
export const titles = (page: Page) =>
  page.locator('mfa-search [role=option] .title').allTextContents();

/** The API's own answer for the same search, fetched from Node. */
export async function apiSearch(apiOrigin: string, params: Record<string, string | string[]>) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) query.append(key, v);
  }
  const response = await fetch(`${apiOrigin}/api/search?${query}`);
  if (!response.ok) throw new Error(`API ${response.status}: ${await response.text()}`);
  return (await response.json()) as {
    total: number;
    totalPages: number;
    hits: { id: string; url: string; title: string; published: string | null; source: string }[];
    facets: Record<string, { value: string; label: string; count: number }[]>;
  };
}
