/**
 * Interface texts in the four languages the service covers. Counts use the
 * language's plural rules; `{n}` and `{t}` are filled in by `format`.
 */

export const LANGS = ['en', 'ru', 'kk', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

export interface Messages {
  search: string;
  sort: string;
  relevance: string;
  newest: string;
  oldest: string;
  /** Plural forms by Intl.PluralRules category; `other` is required. */
  results: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
  none: string;
  clear: string;
  loading: string;
  unreachable: string;
  busy: string;
  retry: string;
  filters: string;
  country: string;
  minister: string;
  source: string;
  lang: string;
  date: string;
  from: string;
  to: string;
  perPeriod: string;
  findValue: string;
  more: string;
  fewer: string;
  noValues: string;
  found: string;
  prev: string;
  next: string;
  page: string;
  pageOf: string;
  pages: string;
  fixed: string;
  undated: string;
  list: string;
}

const en: Messages = {
  search: 'Search press releases',
  sort: 'Sort',
  relevance: 'Most relevant',
  newest: 'Newest first',
  oldest: 'Oldest first',
  results: { one: '{n} release', other: '{n} releases' },
  none: 'No releases match this search.',
  clear: 'Clear all filters',
  loading: 'Searching…',
  unreachable: 'The search service could not be reached.',
  busy: 'The search service is starting or busy. Try again in a moment.',
  retry: 'Try again',
  filters: 'Filters',
  country: 'Country',
  minister: 'Minister',
  source: 'Source',
  lang: 'Language',
  date: 'Date',
  from: 'Start date',
  to: 'End date',
  perPeriod: 'Releases over time',
  findValue: 'Search the list',
  more: 'Show all ({n})',
  fewer: 'Show fewer',
  noValues: 'Nothing found',
  found: '{n} found',
  prev: 'Previous',
  next: 'Next',
  page: 'Page {n}',
  pageOf: 'Page {n} of {t}',
  pages: 'Pages',
  fixed: 'Always filtered by',
  undated: 'Undated',
  list: 'Results',
};

const ru: Messages = {
  search: 'Поиск по пресс-релизам',
  sort: 'Сортировка',
  relevance: 'По релевантности',
  newest: 'Сначала новые',
  oldest: 'Сначала старые',
  results: {
    one: '{n} пресс-релиз',
    few: '{n} пресс-релиза',
    many: '{n} пресс-релизов',
    other: '{n} пресс-релиза',
  },
  none: 'По этому запросу ничего не найдено.',
  clear: 'Сбросить все фильтры',
  loading: 'Поиск…',
  unreachable: 'Не удалось связаться с сервисом поиска.',
  busy: 'Сервис поиска запускается или перегружен. Повторите попытку чуть позже.',
  retry: 'Повторить',
  filters: 'Фильтры',
  country: 'Страна',
  minister: 'Министр',
  source: 'Источник',
  lang: 'Язык',
  date: 'Дата',
  from: 'Начало периода',
  to: 'Конец периода',
  perPeriod: 'Пресс-релизы по времени',
  findValue: 'Искать в списке',
  more: 'Показать все ({n})',
  fewer: 'Свернуть',
  noValues: 'Ничего не найдено',
  found: 'Найдено: {n}',
  prev: 'Назад',
  next: 'Вперёд',
  page: 'Страница {n}',
  pageOf: 'Страница {n} из {t}',
  pages: 'Страницы',
  fixed: 'Постоянный фильтр',
  undated: 'Без даты',
  list: 'Результаты',
};

const kk: Messages = {
  search: 'Баспасөз релиздерін іздеу',
  sort: 'Сұрыптау',
  relevance: 'Сәйкестігі бойынша',
  newest: 'Алдымен жаңалары',
  oldest: 'Алдымен ескілері',
  results: { other: '{n} баспасөз релизі' },
  none: 'Бұл сұрау бойынша ештеңе табылмады.',
  clear: 'Барлық сүзгіні алып тастау',
  loading: 'Іздеу…',
  unreachable: 'Іздеу қызметіне қосылу мүмкін болмады.',
  busy: 'Іздеу қызметі іске қосылып жатыр немесе бос емес. Сәлден соң қайталап көріңіз.',
  retry: 'Қайталау',
  filters: 'Сүзгілер',
  country: 'Ел',
  minister: 'Министр',
  source: 'Дереккөз',
  lang: 'Тіл',
  date: 'Күні',
  from: 'Кезең басы',
  to: 'Кезең соңы',
  perPeriod: 'Уақыт бойынша релиздер',
  findValue: 'Тізімнен іздеу',
  more: 'Барлығын көрсету ({n})',
  fewer: 'Азырақ көрсету',
  noValues: 'Ештеңе табылмады',
  found: 'Табылды: {n}',
  prev: 'Алдыңғы',
  next: 'Келесі',
  page: '{n}-бет',
  pageOf: '{n}-бет, барлығы {t}',
  pages: 'Беттер',
  fixed: 'Тұрақты сүзгі',
  undated: 'Күні белгісіз',
  list: 'Нәтижелер',
};

const zh: Messages = {
  search: '搜索新闻稿',
  sort: '排序',
  relevance: '按相关性',
  newest: '最新优先',
  oldest: '最早优先',
  results: { other: '共 {n} 篇新闻稿' },
  none: '没有符合条件的新闻稿。',
  clear: '清除所有筛选',
  loading: '正在搜索…',
  unreachable: '无法连接搜索服务。',
  busy: '搜索服务正在启动或繁忙，请稍后重试。',
  retry: '重试',
  filters: '筛选',
  country: '国家',
  minister: '外长',
  source: '来源',
  lang: '语言',
  date: '日期',
  from: '开始日期',
  to: '结束日期',
  perPeriod: '按时间分布',
  findValue: '在列表中搜索',
  more: '显示全部（{n}）',
  fewer: '收起',
  noValues: '未找到',
  found: '找到 {n} 项',
  prev: '上一页',
  next: '下一页',
  page: '第 {n} 页',
  pageOf: '第 {n} 页，共 {t} 页',
  pages: '分页',
  fixed: '固定筛选',
  undated: '日期不详',
  list: '搜索结果',
};

export const MESSAGES: Record<Lang, Messages> = { en, ru, kk, zh };

/** "ru-RU" → "ru"; anything unknown → undefined. */
export function toLang(tag: string | null | undefined): Lang | undefined {
  const base = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (LANGS as readonly string[]).includes(base) ? (base as Lang) : undefined;
}

export function format(template: string, values: { n?: number | string; t?: number }): string {
  return template.replace(/\{([nt])\}/g, (_, key: 'n' | 't') => String(values[key] ?? ''));
}

// Intl objects are slow to build and are needed on every render: one of each per language.
const intlCache = new Map<string, unknown>();
function cached<T>(key: string, make: () => T): T {
  if (!intlCache.has(key)) intlCache.set(key, make());
  return intlCache.get(key) as T;
}

/** Formats a time: Intl.DateTimeFormat, or a hand-made one where the browser has no data. */
export interface TimeFormat {
  format: (time: number) => string;
}

// Chromium ships no Kazakh calendar or number data (it prints "2026 M03 7" and
// "12,345"): Kazakh follows CLDR's patterns by hand, numbers as in Russian.
const KK_MONTHS = 'қаң. ақп. нау. сәу. мам. мау. шіл. там. қыр. қаз. қар. жел.'.split(' ');

export const numberFormat = (lang: Lang) =>
  cached(`n:${lang}`, () => new Intl.NumberFormat(lang === 'kk' ? 'ru' : lang));

/** Dates of releases, in the reader's time zone. */
export const dateFormat = (lang: Lang): TimeFormat =>
  lang === 'kk'
    ? {
        format: (time) => {
          const d = new Date(time);
          return `${d.getFullYear()} ж. ${d.getDate()} ${KK_MONTHS[d.getMonth()]}`;
        },
      }
    : cached(`d:${lang}`, () => new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }));

/** Months of the histogram ("2024-03"), as calendar months. */
export const monthFormat = (lang: Lang): TimeFormat =>
  lang === 'kk'
    ? {
        format: (time) => {
          const d = new Date(time);
          return `${d.getUTCFullYear()} ж. ${KK_MONTHS[d.getUTCMonth()]}`;
        },
      }
    : cached(
        `m:${lang}`,
        () => new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', timeZone: 'UTC' }),
      );

export function countText(lang: Lang, count: number): string {
  const forms = MESSAGES[lang].results;
  const category = cached(`p:${lang}`, () => new Intl.PluralRules(lang)).select(count);
  return format(forms[category] ?? forms.other, { n: numberFormat(lang).format(count) });
}
