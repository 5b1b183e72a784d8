import type { SourceInput } from './schema.js';

/**
 * US State Department press releases from its WordPress RSS feed: ten items
 * a page with the full text in content:encoded, older ones at ?paged=2, 3 ….
 */
export default {
  id: 'us-state',
  name: {
    en: 'U.S. Department of State',
    ru: 'Государственный департамент США',
    kk: 'АҚШ Мемлекеттік департаменті',
    zh: '美国国务院',
  },
  country: 'US',
  languages: ['en'],
  kind: 'feed',
  homepage: 'https://www.state.gov/',
  baseUrl: 'https://www.state.gov',
  startUrls: { en: '/rss-feed/press-releases/feed/' },
  feed: { format: 'rss', paging: { template: '?paged={n}', first: 2 } },
} satisfies SourceInput;
