import type { SourceInput } from './schema.js';

/**
 * Kazakhstan MFA news on gov.kz. The public pages are an empty single-page
 * app; the releases come from the site's GraphQL endpoint, one language at a
 * time, 50 a page, newest first (see ../shared/sources/gov-kz.md). Scrapers
 * report time-outs and resets from this host: it gets more retries.
 */
export default {
  id: 'kz-mfa',
  name: {
    en: 'Ministry of Foreign Affairs of Kazakhstan',
    ru: 'МИД Республики Казахстан',
    kk: 'Қазақстан Республикасының Сыртқы істер министрлігі',
    zh: '哈萨克斯坦外交部',
  },
  country: 'KZ',
  languages: ['ru', 'kk', 'en'],
  kind: 'json',
  homepage: 'https://www.gov.kz/memleket/entities/mfa',
  baseUrl: 'https://www.gov.kz',
  startUrls: { ru: '/graphql', kk: '/graphql', en: '/graphql' },
  api: {
    type: 'graphql',
    query: `query News($projects: String, $size: Int, $page: Int, $sort: String, $lang: String) {
  news(projects: $projects, _size: $size, _page: $page, _sort: $sort, _lang: $lang) {
    id title slug created_date heropic alt_image body short_description
  }
}`,
    variables: {
      projects: 'eq:mfa',
      size: '{size}',
      page: '{page}',
      sort: 'created_date:desc',
      lang: '{lang}',
    },
    itemsPath: 'news',
    pageSize: 50,
    firstPage: 1,
    itemUrl: '/memleket/entities/mfa/press/news/details/{id}?lang={lang}',
    dateField: 'created_date',
  },
  politeness: { maxRetries: 4 },
} satisfies SourceInput;
