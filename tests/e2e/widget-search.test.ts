/**
 * <mfa-search> in real Chromium, embedded in a page on another origin,
 * searching the real API over a real Meilisearch: typing, facets, date range,
 * sort, languages and URL state.
 */
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/widget/i18n.js';
import { useWidgetStack } from './helpers/stack.js';
import {
  answered,
  apiSearch,
  facetValues,
  firstAnswer,
  options,
  searchBox,
  statusLine,
  titles,
} from './helpers/widget.js';

const stack = useWidgetStack('e2e-search');

describe('searching', () => {
  it('shows results as one types: count, highlighted titles and snippets, dates, badges', async () => {
    const { page, problems } = await stack().openWidget('typing', {
      body: '<mfa-search per-page="5"></mfa-search>',
    });
    const answer = await answered(page, () => searchBox(page).fill('climate'));
    const expected = await apiSearch(stack().apiOrigin, {
      q: 'climate',
      perPage: '5',
      locale: 'en',
    });
    expect(answer.total).toBe(expected.total);
    expect(await statusLine(page).textContent()).toBe(
      `${expected.total} releases · Page 1 of ${expected.totalPages}`,
    );
    expect(await titles(page)).toEqual(expected.hits.map((hit) => hit.title));
    const first = options(page).first();
    const marks = await first.locator('mark').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    for (const mark of marks) expect(mark.toLowerCase()).toContain('climat');
    const hit = expected.hits[0]!;
    const time = first.locator('time');
    expect(await time.getAttribute('datetime')).toBe(hit.published);
    expect(await time.textContent()).toBe(
      await page.evaluate(
        (iso) => new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(Date.parse(iso)),
        hit.published!,
      ),
    );
    const sourceLabel = expected.facets.source!.find((s) => s.value === hit.source)!.label;
    expect(await first.locator('.badge').allTextContents()).toEqual([sourceLabel, 'ENEnglish']);
    expect(await searchBox(page).getAttribute('aria-expanded')).toBe('true');
    expect(problems.errors).toEqual([]);
    await page.close();
  });

  it('sends one request per pause in typing, aborts older ones, and never lets an older answer win', async () => {
    const url = stack().hostPage('race', { body: '<mfa-search debounce="0"></mfa-search>' });
    const context = await stack().newContext();
    // Answers for "sanctions" arrive late (the real API's answer, held back), so
    // the answer for the later "climate" comes first.
    await context.route(/\/api\/search\?q=sanctions/, async (route) => {
      const response = await route.fetch();
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.fulfill({ response }).catch(() => {});
    });
    const { page } = await stack().open(url, context);
    await firstAnswer(page);
    const aborted: string[] = [];
    page.on('requestfailed', (request) => aborted.push(request.url()));
    await searchBox(page).fill('sanctions');
    const answer = await answered(page, () => searchBox(page).fill('climate'));
    expect(answer.q).toBe('climate');
    await page.waitForTimeout(1200);
    const shown = await page.evaluate(() => window.__mfa.results.map((r) => r.q));
    expect(shown.at(-1)).toBe('climate');
    expect(shown).not.toContain('sanctions');
    expect(aborted.some((u) => u.includes('q=sanctions'))).toBe(true);
    expect((await titles(page)).join(' ').toLowerCase()).toContain('climate');

    // With the default debounce, a burst of keystrokes is one search.
    const debounced = await stack().open(
      stack().hostPage('burst', { body: '<mfa-search></mfa-search>' }),
    );
    await firstAnswer(debounced.page);
    const before = debounced.problems.requests.length;
    await answered(debounced.page, () =>
      searchBox(debounced.page).pressSequentially('energy', { delay: 20 }),
    );
    await debounced.page.waitForTimeout(400);
    const searches = debounced.problems.requests
      .slice(before)
      .filter((u) => u.includes('/api/search'));
    expect(searches).toEqual([`${stack().apiOrigin}/api/search?q=energy&perPage=10&locale=en`]);
    await context.close();
    await debounced.page.close();
  });
});

describe('attributes', () => {
  it('takes an initial query, a page size, facets in a chosen order and a fixed filter', async () => {
    const { page } = await stack().openWidget('attributes', {
      body: '<mfa-search query="Lavrov" per-page="3" facets="minister,country" filter="source=kz-mfa"></mfa-search>',
    });
    const expected = await apiSearch(stack().apiOrigin, {
      q: 'Lavrov',
      source: 'kz-mfa',
      perPage: '3',
      locale: 'en',
    });
    expect(await searchBox(page).inputValue()).toBe('Lavrov');
    expect(await titles(page)).toEqual(expected.hits.map((h) => h.title));
    expect(await options(page).count()).toBe(3);
    expect(expected.hits.every((h) => h.source === 'kz-mfa')).toBe(true);
    const groups = await page
      .locator('mfa-search fieldset[data-facet]')
      .evaluateAll((sets) => sets.map((f) => f.getAttribute('data-facet')));
    // The fixed filter's facet is not offered: the visitor cannot widen or remove it.
    expect(groups).toEqual(['minister', 'country']);
    const label = expected.facets.source!.find((s) => s.value === 'kz-mfa')!.label;
    expect(await page.locator('mfa-search [part=fixed]').textContent()).toBe(
      `Always filtered by: ${label}`,
    );
    // Choosing and clearing other filters keeps it.
    const minister = (await facetValues(page, 'minister'))[0]!;
    await answered(page, () => page.locator(`mfa-search input[value="${minister.value}"]`).check());
    const cleared = await answered(page, () => searchBox(page).fill('qqqzzzxxyy'));
    expect(cleared.total).toBe(0);
    await answered(page, () => page.locator('mfa-search [part=empty] button').click());
    const back = await answered(page, () => searchBox(page).fill('Lavrov'));
    expect(back.total).toBe(expected.total);
    await page.close();
  });

  it('reports a bad attribute in the console and uses its default', async () => {
    const { page, problems } = await stack().openWidget('bad-attributes', {
      body: '<mfa-search per-page="lots" facets="country,ministry" filter="ministry=x" url-state="cookie" api="javascript:alert(1)"></mfa-search>',
    });
    expect(await options(page).count()).toBe(10);
    expect(problems.warnings).toEqual([
      '<mfa-search>: unknown facet "ministry" in facets; known: country, minister, source, lang, date',
      '<mfa-search>: filter: unknown keys ministry; known: country, minister, source, lang',
      `<mfa-search>: api="javascript:alert(1)" is not an http(s) URL; using ${stack().apiOrigin}`,
      '<mfa-search>: url-state="cookie": use query or hash',
      '<mfa-search>: per-page="lots" must be a whole number from 1 to 100; using 10',
    ]);
    expect(problems.dialogs).toEqual([]);
    await page.close();
  });
});

describe('facets', () => {
  it('narrows the results with a facet value while the other values keep their counts', async () => {
    const { page } = await stack().openWidget('facets', { body: '<mfa-search></mfa-search>' });
    const countries = await facetValues(page, 'country');
    const ministersBefore = await facetValues(page, 'minister');
    const chosen = countries.find((c) => c.value === 'RU')!;
    expect(chosen.count).toBeGreaterThan(0);
    const answer = await answered(page, () =>
      page.locator('mfa-search fieldset[data-facet=country] input[value=RU]').check(),
    );
    expect(answer.total).toBe(chosen.count);
    const after = await facetValues(page, 'country');
    expect(after.find((c) => c.value === 'RU')?.checked).toBe(true);
    // Disjunctive counts: every other country still says what choosing it would add.
    for (const country of countries.filter((c) => c.value !== 'RU')) {
      expect(after.find((c) => c.value === country.value)?.count).toBe(country.count);
    }
    // Other facets narrow with the choice.
    const ministersAfter = await facetValues(page, 'minister');
    const sum = (values: { count: number }[]) => values.reduce((n, v) => n + v.count, 0);
    expect(sum(ministersAfter)).toBeLessThan(sum(ministersBefore));
    const expected = await apiSearch(stack().apiOrigin, {
      country: 'RU',
      perPage: '10',
      locale: 'en',
    });
    expect(await titles(page)).toEqual(expected.hits.map((h) => h.title));

    // A second country widens the choice (values of one facet are OR-ed).
    const second = countries.find((c) => c.value === 'KZ')!;
    const widened = await answered(page, () =>
      page.locator('mfa-search fieldset[data-facet=country] input[value=KZ]').check(),
    );
    const both = await apiSearch(stack().apiOrigin, { country: ['RU', 'KZ'], perPage: '1' });
    expect(widened.total).toBe(both.total);
    expect(widened.total).toBeGreaterThanOrEqual(Math.max(chosen.count, second.count));
    await page.close();
  });

  it('finds a minister in the facet list by an inflected or transliterated name', async () => {
    const { page } = await stack().openWidget('find', {
      body: '<mfa-search debounce="50"></mfa-search>',
    });
    const find = page.locator('mfa-search fieldset[data-facet=minister] input.find');
    const found = page.locator('mfa-search fieldset[data-facet=minister] [role=status]');
    /** Types into the facet's search box and waits for the list the API found. */
    const search = async (text: string) => {
      await find.fill('');
      await find.fill(text);
      await page.waitForFunction(
        () =>
          document
            .querySelector('mfa-search')!
            .shadowRoot!.querySelector('fieldset[data-facet=minister] [role=status]')!
            .textContent !== '',
      );
      return (await facetValues(page, 'minister')).map((v) => v.label);
    };
    // Russian dative of Lavrov, typed into an English interface (labels carry the role).
    const lavrov = await search('Лаврову');
    expect(lavrov).toContain('Sergey Lavrov (foreign minister)');
    expect(lavrov).not.toContain('Antony Blinken (foreign minister)');
    expect(await found.textContent()).toBe(`${lavrov.length} found`);
    // The Cyrillic spelling of a Kazakh minister finds his Latin name.
    const nurtleu = await search('нуртлеу');
    expect(nurtleu).toContain('Murat Nurtleu (foreign minister)');
    expect(nurtleu).not.toContain('Sergey Lavrov (foreign minister)');
    const value = (await facetValues(page, 'minister')).find(
      (v) => v.label === 'Murat Nurtleu (foreign minister)',
    )!;
    const answer = await answered(page, () =>
      page
        .locator(`mfa-search fieldset[data-facet=minister] input[value="${value.value}"]`)
        .check(),
    );
    expect(answer.total).toBe(value.count);
    await page.close();
  });

  it('filters by a date range, by a histogram bar, and sorts by date', async () => {
    const { page } = await stack().openWidget('dates', { body: '<mfa-search></mfa-search>' });
    const from = page.locator('mfa-search fieldset[data-facet=date] input[type=date]').first();
    const to = page.locator('mfa-search fieldset[data-facet=date] input[type=date]').last();
    await answered(page, () => from.fill('2021-07-01'));
    const answer = await answered(page, () => to.fill('2021-07-31'));
    const expected = await apiSearch(stack().apiOrigin, {
      from: '2021-07-01',
      to: '2021-07-31',
      perPage: '10',
      locale: 'en',
    });
    expect(answer.total).toBe(expected.total);
    expect(answer.total).toBeGreaterThan(0);
    const dates = await page
      .locator('mfa-search [role=option] time')
      .evaluateAll((times) => times.map((t) => t.getAttribute('datetime') ?? ''));
    for (const date of dates) expect(date >= '2021-07-01' && date < '2021-08-01').toBe(true);

    // The histogram still shows every period while a range is set; a bar selects its period.
    const bars = page.locator('mfa-search .hist button');
    expect(await bars.count()).toBeGreaterThan(1);
    const period = (await bars.first().getAttribute('data-period'))!;
    const byBar = await answered(page, () => bars.first().click());
    expect(await from.inputValue()).toBe(period.length === 4 ? `${period}-01-01` : `${period}-01`);
    expect(await bars.first().getAttribute('aria-pressed')).toBe('true');
    const year = await apiSearch(stack().apiOrigin, {
      from: await from.inputValue(),
      to: await to.inputValue(),
      perPage: '1',
    });
    expect(byBar.total).toBe(year.total);

    // Oldest first, then newest first.
    const sort = page.locator('mfa-search select[part=sort]');
    await answered(page, () => sort.selectOption('date_asc'));
    const ascending = await page
      .locator('mfa-search [role=option] time')
      .evaluateAll((times) => times.map((t) => t.getAttribute('datetime') ?? ''));
    expect(ascending).toEqual([...ascending].sort());
    const oldest = await apiSearch(stack().apiOrigin, {
      from: await from.inputValue(),
      to: await to.inputValue(),
      sort: 'date_asc',
      perPage: '10',
    });
    expect(await titles(page)).toEqual(oldest.hits.map((h) => h.title));
    await answered(page, () => sort.selectOption('date_desc'));
    const descending = await page
      .locator('mfa-search [role=option] time')
      .evaluateAll((times) => times.map((t) => t.getAttribute('datetime') ?? ''));
    expect(descending).toEqual([...descending].sort().reverse());
    await page.close();
  });
});

describe('languages', () => {
  /** Every piece of interface text: visible text, placeholders, accessible names. */
  const interfaceTexts = (page: import('playwright-core').Page) =>
    page.evaluate(() => {
      const root = document.querySelector('mfa-search')!.shadowRoot!;
      const texts: string[] = [];
      for (const element of root.querySelectorAll('*')) {
        for (const name of ['aria-label', 'placeholder', 'title']) {
          const value = element.getAttribute(name);
          if (value) texts.push(value);
        }
      }
      // The interface itself, without release texts and facet labels (those come from the API).
      const chrome = root.querySelector('.root')!.cloneNode(true) as HTMLElement;
      for (const apiText of chrome.querySelectorAll('.results, .vals, .fixed')) apiText.remove();
      texts.push(chrome.textContent ?? '');
      return texts.join('\n');
    });

  it('follows <html lang>, then switches every label when the lang attribute changes', async () => {
    const { page } = await stack().openWidget('lang', {
      lang: 'ru',
      body: '<mfa-search></mfa-search>',
    });
    for (const lang of ['ru', 'kk', 'zh', 'en'] as const) {
      if (lang !== 'ru') {
        await answered(page, () =>
          page.evaluate((l) => document.querySelector('mfa-search')!.setAttribute('lang', l), lang),
        );
      }
      const m = MESSAGES[lang];
      const text = await interfaceTexts(page);
      for (const expected of [m.search, m.sort, m.country, m.minister, m.source, m.lang, m.date]) {
        expect(text, `${lang}: ${expected}`).toContain(expected);
      }
      expect(await page.locator('mfa-search select[part=sort] option').allTextContents()).toEqual([
        m.relevance,
        m.newest,
        m.oldest,
      ]);
      // No label of another language is left behind.
      for (const other of ['en', 'ru', 'kk', 'zh'] as const) {
        if (other === lang) continue;
        for (const key of ['search', 'country', 'filters', 'from', 'to', 'next'] as const) {
          if (MESSAGES[other][key] !== m[key]) expect(text).not.toContain(MESSAGES[other][key]);
        }
      }
      // Facet labels come from the API in the same language.
      const api = await apiSearch(stack().apiOrigin, { perPage: '1', locale: lang });
      const shown = await facetValues(page, 'country');
      for (const value of shown) {
        expect(value.label).toBe(api.facets.country!.find((c) => c.value === value.value)!.label);
      }
      expect(shown.some((v) => v.value === 'RU')).toBe(true);
    }
    const labels = Object.fromEntries(
      await Promise.all(
        (['ru', 'kk', 'zh'] as const).map(async (l) => [
          l,
          (await apiSearch(stack().apiOrigin, { perPage: '1', locale: l })).facets.country!.find(
            (c) => c.value === 'RU',
          )!.label,
        ]),
      ),
    );
    expect(labels.ru).toBe('Россия');
    expect(new Set(Object.values(labels)).size).toBe(3);
    await page.close();
  });
});

describe('URL state', () => {
  it('keeps the search in the query string: a reload restores it, back and forward work', async () => {
    const url = stack().hostPage('url', {
      body: '<mfa-search url-state="query" debounce="50"></mfa-search>',
    });
    const { page } = await stack().open(`${url}?keep=me`);
    await firstAnswer(page);
    await answered(page, () => searchBox(page).fill('Russia'));
    await answered(page, () =>
      page.locator('mfa-search fieldset[data-facet=country] input[value=RU]').check(),
    );
    const page2 = await answered(page, () =>
      page.locator('mfa-search nav[part=pager] [data-k="p:2"]').click(),
    );
    expect(page2.page).toBe(2);
    const address = new URL(page.url());
    expect(address.searchParams.get('q')).toBe('Russia');
    expect(address.searchParams.getAll('country')).toEqual(['RU']);
    expect(address.searchParams.get('page')).toBe('2');
    expect(address.searchParams.get('keep')).toBe('me');
    const shownTitles = await titles(page);
    const status = await statusLine(page).textContent();

    await page.reload();
    await firstAnswer(page);
    expect(await searchBox(page).inputValue()).toBe('Russia');
    expect((await facetValues(page, 'country')).find((c) => c.value === 'RU')?.checked).toBe(true);
    expect(await statusLine(page).textContent()).toBe(status);
    expect(await titles(page)).toEqual(shownTitles);
    expect(await page.locator('mfa-search nav[part=pager] [aria-current=page]').textContent()).toBe(
      '2',
    );

    await answered(page, () => page.goBack());
    expect(new URL(page.url()).searchParams.get('page')).toBeNull();
    expect(await page.locator('mfa-search nav[part=pager] [aria-current=page]').textContent()).toBe(
      '1',
    );
    await answered(page, () => page.goBack());
    expect((await facetValues(page, 'country')).find((c) => c.value === 'RU')?.checked).toBe(false);
    await answered(page, () => page.goForward());
    expect((await facetValues(page, 'country')).find((c) => c.value === 'RU')?.checked).toBe(true);
    await page.close();
  });

  it('or in the hash, leaving the query string alone', async () => {
    const url = stack().hostPage('hash', {
      body: '<mfa-search url-state="hash" debounce="50"></mfa-search>',
    });
    const { page } = await stack().open(`${url}?q=host-owned`);
    await firstAnswer(page);
    await answered(page, () => searchBox(page).fill('energy'));
    const address = new URL(page.url());
    expect(address.searchParams.get('q')).toBe('host-owned');
    expect(new URLSearchParams(address.hash.slice(1)).get('q')).toBe('energy');
    await page.reload();
    await firstAnswer(page);
    expect(await searchBox(page).inputValue()).toBe('energy');
    await page.close();
  });
});
