import type { SourceDefinition } from './schema.js';

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
} satisfies SourceDefinition;
