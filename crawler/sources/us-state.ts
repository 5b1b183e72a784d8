import type { SourceDefinition } from './schema.js';

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
} satisfies SourceDefinition;
