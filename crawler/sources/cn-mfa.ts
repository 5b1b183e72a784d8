import type { SourceDefinition } from './schema.js';

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
} satisfies SourceDefinition;
