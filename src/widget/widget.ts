/**
 * The <mfa-search> widget: configuration from attributes, the search loop
 * (debounced, newest answer wins, older requests aborted), rendering into the
 * shadow root, keyboard handling and URL state.
 *
 * Written as one closure rather than a class so the minifier can shorten
 * every internal name: the bundle stays small.
 */
import {
  ApiError,
  type FacetValue,
  getJson,
  type Hit,
  readFacetSearch,
  readSearchAnswer,
  type SearchAnswer,
} from './api.js';
import { appendHighlighted, h, safeUrl } from './dom.js';
import {
  countText,
  dateFormat,
  format,
  type Lang,
  MESSAGES,
  monthFormat,
  numberFormat,
  type TimeFormat,
  toLang,
} from './i18n.js';
import {
  emptyState,
  FILTER_KEYS,
  type FilterKey,
  type Filters,
  facetSearchParams,
  fillPeriods,
  hasState,
  type Period,
  periodRange,
  readFilters,
  readState,
  type SearchState,
  SORTS,
  sameState,
  searchParams,
  toggleFilter,
  withoutDates,
  writeState,
} from './state.js';
import { STYLES } from './styles.js';

export type FacetKey = FilterKey | 'date';
const FACET_KEYS: readonly FacetKey[] = [...FILTER_KEYS, 'date'];
/** Milliseconds from the last keystroke to the search (the `debounce` attribute's default). */
export const DEFAULT_DEBOUNCE = 200;
/** Values of a facet shown before "Show all". */
const SHOWN = 8;
const FIND_LIMIT = 20;

export interface Config {
  api: string;
  lang: Lang;
  facets: FacetKey[];
  perPage: number;
  fixed: Filters;
  debounce: number;
  urlState: '' | 'query' | 'hash';
  target: '_self' | '_blank';
}

export const OBSERVED = [
  'api',
  'lang',
  'facets',
  'per-page',
  'filter',
  'query',
  'url-state',
  'debounce',
  'target',
];

const warn = (message: string) => console.warn(`<mfa-search>: ${message}`);

function intAttr(value: string | null, name: string, min: number, max: number, fallback: number) {
  if (value === null) return fallback;
  const n = Number(value);
  if (Number.isInteger(n) && n >= min && n <= max) return n;
  warn(`${name}="${value}" must be a whole number from ${min} to ${max}; using ${fallback}`);
  return fallback;
}

/** Attributes → configuration; a bad value is reported in the console and its default used. */
export function readConfig(host: HTMLElement, defaultApi: string): Config {
  const attr = (name: string) => host.getAttribute(name);
  const facets: FacetKey[] = [];
  for (const name of (attr('facets') ?? FACET_KEYS.join(',')).split(',')) {
    const key = name.trim() as FacetKey;
    if (FACET_KEYS.includes(key)) facets.push(key);
    else if (key) warn(`unknown facet "${key}" in facets; known: ${FACET_KEYS.join(', ')}`);
  }
  const { filters: fixed, unknown } = readFilters(new URLSearchParams(attr('filter') ?? ''));
  if (unknown.length)
    warn(`filter: unknown keys ${unknown.join(', ')}; known: ${FILTER_KEYS.join(', ')}`);
  let api = defaultApi;
  const given = attr('api');
  if (given !== null) {
    if (safeUrl(given)) api = given;
    else warn(`api="${given}" is not an http(s) URL; using ${defaultApi}`);
  }
  const urlState = attr('url-state') ?? '';
  if (!['', 'query', 'hash'].includes(urlState)) warn(`url-state="${urlState}": use query or hash`);
  return {
    api: api.replace(/\/+$/, ''),
    lang:
      toLang(attr('lang')) ??
      toLang(host.parentElement?.closest('[lang]')?.getAttribute('lang')) ??
      'en',
    facets,
    perPage: intAttr(attr('per-page'), 'per-page', 1, 100, 10),
    fixed,
    debounce: intAttr(attr('debounce'), 'debounce', 0, 5000, DEFAULT_DEBOUNCE),
    urlState: urlState === 'query' || urlState === 'hash' ? urlState : '',
    target: attr('target') === '_blank' ? '_blank' : '_self',
  };
}

let sheet: CSSStyleSheet | undefined;

interface FacetGroup {
  box: HTMLFieldSetElement;
  find: HTMLInputElement;
  list: HTMLUListElement;
  found: HTMLElement;
  more: HTMLButtonElement;
}

interface Find {
  text: string;
  values?: FacetValue[] | undefined;
  failed?: ApiError | undefined;
  timer?: ReturnType<typeof setTimeout>;
  controller?: AbortController;
}

export interface Widget {
  connect: () => void;
  disconnect: () => void;
  /** Attributes changed: rebuild with the new configuration, keeping the visitor's state. */
  reconfigure: () => void;
}

export function createWidget(host: HTMLElement, defaultApi: string): Widget {
  const root = host.attachShadow({ mode: 'open' });
  if ('adoptedStyleSheets' in root) {
    sheet ??= new CSSStyleSheet();
    sheet.replaceSync(STYLES);
    root.adoptedStyleSheets = [sheet];
  }

  // Read at connect (and on attribute changes), so each problem is reported once.
  let config: Config;
  let state: SearchState = emptyState();
  let answer: SearchAnswer | undefined;
  let periods: Period[] = [];
  let error: ApiError | undefined;
  let controller: AbortController | undefined;
  let sequence = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let active = -1;
  /** How the next typed search is recorded in history: the first of a burst pushes, the rest replace. */
  let typed: 'push' | 'replace' | undefined;
  let queryAttr: string | null = null;
  let expanded = new Set<FilterKey>();
  let finds = new Map<FilterKey, Find>();
  let groups = new Map<FilterKey, FacetGroup>();
  let m = MESSAGES.en;

  // Persistent elements, created by build().
  let input: HTMLInputElement;
  let sort: HTMLSelectElement;
  let fixedLine: HTMLElement;
  let layout: HTMLElement;
  let toggle: HTMLButtonElement;
  let main: HTMLElement;
  let status: HTMLElement;
  let errorBox: HTMLElement;
  let errorText: HTMLElement;
  let list: HTMLUListElement;
  let empty: HTMLElement;
  let clear: HTMLButtonElement;
  let pager: HTMLElement;
  let dates:
    | { hist: HTMLElement; axis: HTMLElement; from: HTMLInputElement; to: HTMLInputElement }
    | undefined;

  const emit = (name: string, detail: unknown, cancelable = false) =>
    host.dispatchEvent(
      new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }),
    );

  // ---------- URL state ----------

  const urlParams = () =>
    new URLSearchParams(config.urlState === 'hash' ? location.hash.slice(1) : location.search);

  function writeUrl(mode: 'push' | 'replace') {
    if (!config.urlState) return;
    const query = writeState(state, urlParams()).toString();
    const url =
      config.urlState === 'hash'
        ? `${location.pathname}${location.search}${query ? `#${query}` : ''}`
        : `${location.pathname}${query ? `?${query}` : ''}${location.hash}`;
    if (url === `${location.pathname}${location.search}${location.hash}`) return;
    history[mode === 'push' ? 'pushState' : 'replaceState'](history.state, '', url);
  }

  function onHistory() {
    if (!config.urlState) return;
    const next = readState(urlParams());
    if (sameState(next, state)) return;
    state = next;
    input.value = state.q;
    run(false);
  }

  // ---------- searching ----------

  /** Runs the current state's search now; `history` says how the page URL records it. */
  function run(history: 'push' | 'replace' | false = 'push') {
    clearTimeout(timer);
    if (history) writeUrl(history);
    controller?.abort();
    const current = new AbortController();
    controller = current;
    const mine = ++sequence;
    main.setAttribute('aria-busy', 'true');
    if (!answer && !error) status.textContent = m.loading;
    const base = `${config.api}/api/search?`;
    const options = { fixed: config.fixed, perPage: config.perPage, locale: config.lang };
    const dated = config.facets.includes('date') && Boolean(state.from || state.to);
    Promise.all([
      getJson(base + searchParams(state, options), current.signal),
      // With a date range set, the histogram still shows every period to choose from.
      dated
        ? getJson(
            base + searchParams(withoutDates(state), { ...options, perPage: 1 }),
            current.signal,
          )
        : undefined,
    ]).then(
      ([body, undated]) => {
        if (mine !== sequence) return;
        answer = readSearchAnswer(body);
        periods = periodsOf(undated ? readSearchAnswer(undated) : answer);
        error = undefined;
        render();
        for (const [key, find] of finds) if (find.text) findValues(key, find.text, 0);
        emit('mfa-search-results', { total: answer.total, page: answer.page, q: state.q });
      },
      (failure: unknown) => {
        if (mine !== sequence || current.signal.aborted) return;
        error =
          failure instanceof ApiError ? failure : new ApiError('unreachable', String(failure));
        render();
        emit('mfa-search-error', { kind: error.kind, message: error.message });
      },
    );
  }

  /** Changes the state and searches: at once, or after the debounce while typing. */
  function update(next: SearchState, debounced = false) {
    state = next;
    clearTimeout(timer);
    if (!debounced) {
      typed = undefined;
      run('push');
      return;
    }
    // One history entry per search typed, not per keystroke.
    typed ??= 'push';
    timer = setTimeout(() => {
      run(typed);
      typed = 'replace';
    }, config.debounce);
  }

  function findValues(key: FilterKey, text: string, delay = config.debounce) {
    const entry: Find = finds.get(key) ?? { text: '' };
    finds.set(key, entry);
    clearTimeout(entry.timer);
    entry.controller?.abort();
    entry.text = text.trim();
    if (!entry.text) {
      entry.values = undefined;
      renderFacet(key);
      return;
    }
    entry.timer = setTimeout(() => {
      const current = new AbortController();
      entry.controller = current;
      const params = facetSearchParams(state, key, entry.text, {
        fixed: config.fixed,
        locale: config.lang,
        limit: FIND_LIMIT,
      });
      getJson(`${config.api}/api/facets/${key}?${params}`, current.signal).then(
        (body) => {
          if (entry.controller !== current) return;
          entry.values = readFacetSearch(body);
          entry.failed = undefined;
          renderFacet(key);
        },
        (failure: unknown) => {
          if (current.signal.aborted) return;
          entry.values = [];
          entry.failed = failure instanceof ApiError ? failure : undefined;
          renderFacet(key);
        },
      );
    }, delay);
  }

  // ---------- rendering ----------

  /** The API's own message when it refused the request (it names the problem), else ours. */
  const errorMessage = (failure: ApiError) =>
    failure.kind === 'refused' ? failure.message : failure.kind === 'busy' ? m.busy : m.unreachable;

  function labelOf(facet: string, value: string): string {
    return answer?.facets[facet]?.find((v) => v.value === value)?.label ?? value;
  }

  function periodsOf(from: SearchAnswer): Period[] {
    const years = from.facets.year ?? [];
    const months = from.facets.month ?? [];
    // A short span reads better by month, when the API gives months.
    const chosen = years.length <= 2 && months.length > 0 ? months : years;
    return fillPeriods(chosen);
  }

  function periodLabel(value: string): string {
    const [year, month] = value.split('-').map(Number);
    return month ? monthFormat(config.lang).format(Date.UTC(year ?? 0, month - 1)) : value;
  }

  /** Re-renders while keeping keyboard focus on the same control (found again by its data-k). */
  function keepFocus(draw: () => void) {
    const before = (root.activeElement as HTMLElement | null)?.dataset.k;
    draw();
    if (!before || (root.activeElement as HTMLElement | null)?.dataset.k === before) return;
    const same = root.querySelector<HTMLElement>(`[data-k="${CSS.escape(before)}"]`);
    const fallback = /^(p:|prev|next)/.test(before)
      ? root.querySelector<HTMLElement>('[aria-current=page]')
      : null;
    const target = same && !same.matches(':disabled') ? same : (fallback ?? input);
    target.focus();
  }

  function badge(text: string, label?: string) {
    return h(
      'span',
      { class: 'badge', part: 'badge', title: label ?? text },
      label ? h('span', { 'aria-hidden': 'true' }, text) : text,
      label && h('span', { class: 'sr' }, label),
    );
  }

  function option(hit: Hit, i: number, dates: TimeFormat) {
    const lang = hit.lang || undefined;
    const title = h('span', { class: 'title', part: 'title', lang });
    if (hit.titleHtml) appendHighlighted(title, hit.titleHtml);
    else title.append(hit.title);
    const snippet = h('span', { class: 'snippet', part: 'snippet', lang });
    appendHighlighted(snippet, hit.snippet);
    const time = Date.parse(hit.published ?? '');
    const meta = h(
      'span',
      { class: 'meta' },
      Number.isNaN(time) ? m.undated : h('time', { datetime: hit.published }, dates.format(time)),
      hit.source && badge(labelOf('source', hit.source)),
      lang && badge(hit.lang.toUpperCase(), labelOf('lang', hit.lang)),
    );
    return h(
      'li',
      {
        role: 'option',
        id: `o${i}`,
        part: 'result',
        // Named by all it shows (title, date, badges, snippet), as "label in name" asks.
        'aria-selected': 'false',
        'aria-disabled': safeUrl(hit.url) ? undefined : 'true',
        'data-i': i,
      },
      title,
      meta,
      snippet,
    );
  }

  function renderFacet(key: FilterKey) {
    const group = groups.get(key);
    if (!group) return;
    const find = finds.get(key);
    const all = answer?.facets[key] ?? [];
    const values = find?.text ? (find.values ?? []) : all;
    const selected = state.filters[key];
    const open = expanded.has(key);
    const shown =
      find?.text || open || values.length <= SHOWN
        ? values
        : values.filter((v, i) => i < SHOWN || selected.includes(v.value));
    const number = numberFormat(config.lang);
    group.list.replaceChildren(
      ...shown.map((v) =>
        h(
          'li',
          {},
          h(
            'label',
            { part: 'facet-value' },
            h('input', {
              type: 'checkbox',
              'data-f': key,
              value: v.value,
              checked: selected.includes(v.value),
              'data-k': `f:${key}:${v.value}`,
            }),
            v.label,
            h('span', {}, number.format(v.count)),
          ),
        ),
      ),
    );
    group.find.hidden = all.length <= SHOWN && !find?.text;
    group.found.textContent = find?.text
      ? find.failed
        ? errorMessage(find.failed)
        : values.length
          ? format(m.found, { n: values.length })
          : m.noValues
      : '';
    group.more.hidden = Boolean(find?.text) || all.length <= SHOWN;
    group.more.textContent = open ? m.fewer : format(m.more, { n: all.length });
    group.more.setAttribute('aria-expanded', String(open));
    group.box.hidden = all.length === 0 && selected.length === 0 && !find?.text;
  }

  function renderDates() {
    if (!dates) return;
    const { hist, axis, from, to } = dates;
    const max = Math.max(1, ...periods.map((p) => p.count));
    let focusable = false;
    const bars = periods.map((period) => {
      const range = periodRange(period.value);
      const pressed = state.from === range.from && state.to === range.to;
      const bar = h('button', {
        type: 'button',
        'aria-pressed': String(pressed),
        'aria-label': `${periodLabel(period.value)}: ${countText(config.lang, period.count)}`,
        title: `${periodLabel(period.value)}: ${countText(config.lang, period.count)}`,
        'data-period': period.value,
        'data-k': `y:${period.value}`,
        tabindex: pressed ? 0 : -1,
      });
      focusable ||= pressed;
      bar.style.setProperty('--h', String(Math.max(4, (100 * period.count) / max)));
      return bar;
    });
    // One tab stop for the whole histogram; arrows move inside it.
    if (!focusable) bars[bars.length - 1]?.setAttribute('tabindex', '0');
    hist.replaceChildren(...bars);
    // One bar alone says nothing about time.
    hist.hidden = axis.hidden = periods.length < 2;
    axis.replaceChildren(
      h('span', {}, periodLabel(periods[0]?.value ?? '')),
      h(
        'span',
        {},
        periods.length > 1 ? periodLabel(periods[periods.length - 1]?.value ?? '') : '',
      ),
    );
    from.value = state.from;
    to.value = state.to;
    from.max = state.to;
    to.min = state.from;
  }

  function pageButton(page: number, text: string | number, key: string, disabled = false) {
    return h(
      'button',
      {
        type: 'button',
        part: 'page',
        'data-p': page,
        'data-k': key,
        disabled,
        'aria-label': typeof text === 'number' ? format(m.page, { n: text }) : undefined,
        'aria-current': page === answer?.page && typeof text === 'number' ? 'page' : undefined,
      },
      String(text),
    );
  }

  function renderPager() {
    const page = answer?.page ?? 1;
    const last = answer?.totalPages ?? 0;
    pager.hidden = Boolean(error) || last <= 1;
    if (pager.hidden) return;
    const numbers = [...new Set([1, page - 1, page, page + 1, last])]
      .filter((n) => n >= 1 && n <= last)
      .sort((a, b) => a - b);
    const items: Node[] = [pageButton(page - 1, m.prev, 'prev', page <= 1)];
    numbers.forEach((n, i) => {
      if (i > 0 && n - (numbers[i - 1] ?? n) > 1)
        items.push(h('span', { 'aria-hidden': 'true' }, '…'));
      items.push(pageButton(n, n, `p:${n}`));
    });
    items.push(pageButton(page + 1, m.next, 'next', page >= last));
    pager.replaceChildren(...items);
  }

  function render() {
    keepFocus(() => {
      main.setAttribute('aria-busy', 'false');
      const hits = error ? [] : (answer?.hits ?? []);
      const dates = dateFormat(config.lang);
      list.replaceChildren(...hits.map((hit, i) => option(hit, i, dates)));
      activate(-1);
      input.setAttribute('aria-expanded', String(hits.length > 0));
      errorBox.hidden = !error;
      errorText.textContent = error ? errorMessage(error) : '';
      const total = answer?.total ?? 0;
      const pages = answer?.totalPages ?? 0;
      status.textContent = error
        ? errorText.textContent
        : `${countText(config.lang, total)}${pages > 1 ? ` · ${format(m.pageOf, { n: answer?.page ?? 1, t: pages })}` : ''}`;
      empty.hidden = Boolean(error) || !answer || total > 0;
      const filtered =
        FILTER_KEYS.some((key) => state.filters[key].length > 0) || Boolean(state.from || state.to);
      clear.hidden = !filtered;
      sort.value = state.sort || (state.q ? 'relevance' : 'date_desc');
      const chosen =
        FILTER_KEYS.reduce((n, key) => n + state.filters[key].length, 0) +
        (state.from || state.to ? 1 : 0);
      toggle.textContent = chosen ? `${m.filters} (${chosen})` : m.filters;
      const fixed = FILTER_KEYS.flatMap((key) =>
        config.fixed[key].map((value) => h('b', {}, labelOf(key, value))),
      );
      fixedLine.replaceChildren(`${m.fixed}: `, ...fixed.flatMap((b, i) => (i ? [', ', b] : [b])));
      fixedLine.hidden = fixed.length === 0;
      for (const key of groups.keys()) renderFacet(key);
      renderDates();
      renderPager();
    });
  }

  // ---------- keyboard and pointer ----------

  function activate(index: number) {
    const options = list.children;
    active = Math.max(-1, Math.min(index, options.length - 1));
    for (let i = 0; i < options.length; i++) {
      options[i]?.setAttribute('aria-selected', String(i === active));
    }
    const current = options[active];
    if (current) {
      input.setAttribute('aria-activedescendant', current.id);
      current.scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function open(index: number, event?: MouseEvent | KeyboardEvent) {
    const hit = answer?.hits[index];
    const url = hit && safeUrl(hit.url);
    if (!hit || !url) return;
    if (!emit('mfa-search-open', { id: hit.id, url }, true)) return;
    const newTab =
      config.target === '_blank' ||
      event?.ctrlKey ||
      event?.metaKey ||
      event?.shiftKey ||
      (event as MouseEvent | undefined)?.button === 1;
    if (newTab) window.open(url, '_blank', 'noopener');
    else location.assign(url);
  }

  function onInputKey(event: KeyboardEvent) {
    const count = list.children.length;
    if (event.key === 'ArrowDown' && count) activate(active + 1 >= count ? 0 : active + 1);
    else if (event.key === 'ArrowUp' && count) activate(active <= 0 ? count - 1 : active - 1);
    else if (event.key === 'Enter') {
      if (active >= 0) open(active, event);
      else update({ ...state, q: input.value, page: 1 });
    } else if (event.key === 'Escape') {
      if (active >= 0) activate(-1);
      else if (input.value) {
        input.value = '';
        update({ ...state, q: '', page: 1 });
      } else return;
    } else return;
    event.preventDefault();
  }

  function onSlash(event: KeyboardEvent) {
    if (
      event.key !== '/' ||
      event.defaultPrevented ||
      event.ctrlKey ||
      event.metaKey ||
      event.altKey
    )
      return;
    const target = event.composedPath()[0] as Partial<HTMLElement>;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName ?? '')) return;
    // With several widgets on a page, "/" belongs to the first.
    if (document.querySelector('mfa-search') !== host) return;
    event.preventDefault();
    input.focus();
  }

  function onHistogramKey(event: KeyboardEvent) {
    const bars = [...(dates?.hist.children ?? [])] as HTMLElement[];
    const at = bars.indexOf(event.target as HTMLElement);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const next = bars[at + step];
    if (!step || at < 0 || !next) return;
    event.preventDefault();
    for (const bar of bars) bar.tabIndex = bar === next ? 0 : -1;
    next.focus();
  }

  // ---------- building ----------

  function facetGroup(key: FilterKey): HTMLElement {
    const legend = m[key];
    const group: FacetGroup = {
      box: h('fieldset', { part: 'facet', 'data-facet': key }, h('legend', {}, legend)),
      find: h('input', {
        type: 'search',
        class: 'find',
        part: 'facet-search',
        'aria-label': `${legend}: ${m.findValue}`,
        placeholder: m.findValue,
        autocomplete: 'off',
        'data-k': `find:${key}`,
      }),
      list: h('ul', { class: 'vals' }),
      found: h('span', { class: 'sr', role: 'status' }),
      more: h('button', { type: 'button', class: 'link', 'data-k': `more:${key}` }),
    };
    group.find.addEventListener('input', () => findValues(key, group.find.value));
    group.more.addEventListener('click', () => {
      if (!expanded.delete(key)) expanded.add(key);
      renderFacet(key);
    });
    group.box.append(group.find, group.found, group.list, group.more);
    groups.set(key, group);
    return group.box;
  }

  function dateGroup(): HTMLElement {
    const field = (label: string, k: string) => {
      const control = h('input', { type: 'date', 'data-k': k });
      return { control, label: h('label', {}, label, control) };
    };
    const from = field(m.from, 'from');
    const to = field(m.to, 'to');
    const hist = h('div', {
      class: 'hist',
      role: 'group',
      'aria-label': m.perPeriod,
      part: 'histogram',
    });
    const axis = h('div', { class: 'axis', 'aria-hidden': 'true' });
    dates = { hist, axis, from: from.control, to: to.control };
    hist.addEventListener('keydown', onHistogramKey);
    hist.addEventListener('click', (event) => {
      const period = (event.target as HTMLElement).closest<HTMLElement>('[data-period]')?.dataset
        .period;
      if (!period) return;
      const range = periodRange(period);
      const same = state.from === range.from && state.to === range.to;
      update({ ...state, ...(same ? { from: '', to: '' } : range), page: 1 });
    });
    const onDate = () =>
      update({ ...state, from: from.control.value, to: to.control.value, page: 1 });
    from.control.addEventListener('change', onDate);
    to.control.addEventListener('change', onDate);
    return h(
      'fieldset',
      { part: 'facet', 'data-facet': 'date' },
      h('legend', {}, m.date),
      hist,
      axis,
      h('div', { class: 'dates' }, from.label, to.label),
    );
  }

  function build() {
    m = MESSAGES[config.lang];
    groups = new Map();
    finds = new Map();
    expanded = new Set();
    dates = undefined;
    input = h('input', {
      type: 'search',
      class: 'q',
      part: 'input',
      role: 'combobox',
      'aria-label': m.search,
      placeholder: m.search,
      'aria-expanded': 'false',
      'aria-controls': 'results',
      'aria-autocomplete': 'list',
      autocomplete: 'off',
      spellcheck: 'false',
      enterkeyhint: 'search',
      'data-k': 'q',
    });
    input.value = state.q;
    input.addEventListener('input', () => update({ ...state, q: input.value, page: 1 }, true));
    input.addEventListener('keydown', onInputKey);
    sort = h(
      'select',
      { part: 'sort', 'aria-label': m.sort, 'data-k': 'sort' },
      ...SORTS.map((value) =>
        h(
          'option',
          { value },
          value === 'relevance' ? m.relevance : value === 'date_desc' ? m.newest : m.oldest,
        ),
      ),
    );
    sort.addEventListener('change', () =>
      update({ ...state, sort: sort.value as SearchState['sort'], page: 1 }),
    );
    fixedLine = h('p', { class: 'fixed', part: 'fixed' });
    const panel = h(
      'div',
      { class: 'panel', id: 'panel', part: 'facets' },
      ...config.facets
        .filter((key) => key === 'date' || config.fixed[key].length === 0)
        .map((key) => (key === 'date' ? dateGroup() : facetGroup(key))),
    );
    panel.addEventListener('change', (event) => {
      const box = event.target as HTMLInputElement;
      const key = box.dataset.f;
      if (key) update(toggleFilter(state, key as FilterKey, box.value));
    });
    toggle = h('button', {
      type: 'button',
      class: 'toggle',
      'aria-expanded': 'false',
      'aria-controls': 'panel',
      'data-k': 'toggle',
    });
    toggle.addEventListener('click', () => {
      const opened = layout.classList.toggle('open');
      toggle.setAttribute('aria-expanded', String(opened));
    });
    status = h('p', { class: 'status', role: 'status', 'aria-atomic': 'true', part: 'status' });
    errorText = h('p', {});
    const retry = h('button', { type: 'button', part: 'retry', 'data-k': 'retry' }, m.retry);
    retry.addEventListener('click', () => run(false));
    errorBox = h('div', { class: 'error', part: 'error', hidden: true }, errorText, retry);
    list = h('ul', {
      class: 'results',
      id: 'results',
      role: 'listbox',
      'aria-label': m.list,
      part: 'results',
    });
    list.addEventListener('click', (event) => {
      const item = (event.target as HTMLElement).closest<HTMLElement>('[data-i]');
      if (item) open(Number(item.dataset.i), event);
    });
    list.addEventListener('auxclick', (event) => {
      const item = (event.target as HTMLElement).closest<HTMLElement>('[data-i]');
      if (item && event.button === 1) open(Number(item.dataset.i), event);
    });
    clear = h('button', { type: 'button', class: 'link', 'data-k': 'clear' }, m.clear);
    clear.addEventListener('click', () => update({ ...emptyState(state.q), sort: state.sort }));
    empty = h('div', { class: 'none', part: 'empty', hidden: true }, h('p', {}, m.none), clear);
    pager = h('nav', { class: 'pager', 'aria-label': m.pages, part: 'pager', hidden: true });
    pager.addEventListener('click', (event) => {
      const button = (event.target as HTMLElement).closest<HTMLElement>('[data-p]');
      if (!button) return;
      update({ ...state, page: Number(button.dataset.p) });
      if (host.getBoundingClientRect().top < 0) host.scrollIntoView({ block: 'start' });
    });
    main = h(
      'div',
      { class: 'main', 'aria-busy': 'false' },
      status,
      h('div', { class: 'busy', 'aria-hidden': 'true' }),
      errorBox,
      list,
      empty,
      pager,
    );
    layout = h('div', { class: 'layout' }, h('div', { class: 'side' }, toggle, panel), main);
    const children: Node[] = [
      h(
        'div',
        { class: 'root', part: 'root', lang: config.lang },
        h('div', { class: 'bar' }, input, sort),
        fixedLine,
        layout,
      ),
    ];
    if (!sheet) children.unshift(h('style', {}, STYLES));
    root.replaceChildren(...children);
    if (answer || error) render();
  }

  return {
    connect() {
      config = readConfig(host, defaultApi);
      queryAttr = host.getAttribute('query');
      state =
        config.urlState && hasState(urlParams())
          ? readState(urlParams())
          : emptyState(queryAttr ?? '');
      build();
      document.addEventListener('keydown', onSlash);
      window.addEventListener('popstate', onHistory);
      window.addEventListener('hashchange', onHistory);
      run(false);
    },
    disconnect() {
      clearTimeout(timer);
      controller?.abort();
      for (const find of finds.values()) {
        clearTimeout(find.timer);
        find.controller?.abort();
      }
      document.removeEventListener('keydown', onSlash);
      window.removeEventListener('popstate', onHistory);
      window.removeEventListener('hashchange', onHistory);
    },
    reconfigure() {
      config = readConfig(host, defaultApi);
      // A new initial query replaces what was typed; other attributes keep the visitor's state.
      const query = host.getAttribute('query');
      if (query !== queryAttr) state = { ...state, q: query ?? '', page: 1 };
      queryAttr = query;
      build();
      run(false);
    },
  };
}
