import type { SourceInput } from './schema.js';

/**
 * China MFA press-conference transcripts: listing pages of links (English
 * and Chinese), then the item pages. Listings are numbered default.shtml,
 * default_1.shtml … and state their page count in a script (countPage = 13).
 * Chinese listings print the date after each link; English titles carry it.
 */
export default {
  id: 'cn-mfa',
  name: {
    en: 'Ministry of Foreign Affairs of China',
    ru: 'МИД КНР',
    kk: 'ҚХР Сыртқы істер министрлігі',
    zh: '中华人民共和国外交部',
  },
  country: 'CN',
  languages: ['en', 'zh'],
  kind: 'html',
  homepage: 'https://www.fmprc.gov.cn/',
  baseUrl: 'https://www.fmprc.gov.cn',
  startUrls: {
    en: '/mfa_eng/xwfw_665399/s2510_665401/2511_665403/default.shtml',
    zh: '/web/wjdt_674879/fyrbt_674889/default.shtml',
  },
  listing: {
    itemSelector: 'a[href]',
    itemHref: '^\\./t\\d+\\.shtml$',
    dateAfterLink: '^\\s*\\((\\d{4}-\\d{2}-\\d{2})\\)',
    dateInTitle:
      '(January|February|March|April|May|June|July|August|September|October|November|December)\\s*(\\d{1,2}),\\s*(\\d{4})',
    paging: {
      template: 'default_{n}.shtml',
      first: 1,
      countPattern: 'var\\s+countPage\\s*=\\s*(\\d+)',
    },
  },
} satisfies SourceInput;
