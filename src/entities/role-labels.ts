/** Roles in words for facet labels, per locale (en always). */
export const ROLE_LABELS: Record<string, { en: string; ru: string; kk: string; zh: string }> = {
  'foreign-minister': {
    en: 'foreign minister',
    ru: 'министр иностранных дел',
    kk: 'сыртқы істер министрі',
    zh: '外交部长',
  },
  'finance-minister': {
    en: 'finance minister',
    ru: 'министр финансов',
    kk: 'қаржы министрі',
    zh: '财政部长',
  },
  'defence-minister': {
    en: 'defence minister',
    ru: 'министр обороны',
    kk: 'қорғаныс министрі',
    zh: '国防部长',
  },
  'energy-minister': {
    en: 'energy minister',
    ru: 'министр энергетики',
    kk: 'энергетика министрі',
    zh: '能源部长',
  },
  'economy-minister': {
    en: 'economy minister',
    ru: 'министр экономики',
    kk: 'экономика министрі',
    zh: '经济部长',
  },
  'trade-minister': {
    en: 'trade minister',
    ru: 'министр торговли',
    kk: 'сауда министрі',
    zh: '贸易部长',
  },
  'commerce-minister': {
    en: 'commerce secretary',
    ru: 'министр коммерции',
    kk: 'сауда министрі',
    zh: '商务部长',
  },
  'interior-minister': {
    en: 'interior minister',
    ru: 'министр внутренних дел',
    kk: 'ішкі істер министрі',
    zh: '内政部长',
  },
  'justice-minister': {
    en: 'justice minister',
    ru: 'министр юстиции',
    kk: 'әділет министрі',
    zh: '司法部长',
  },
  'health-minister': {
    en: 'health minister',
    ru: 'министр здравоохранения',
    kk: 'денсаулық сақтау министрі',
    zh: '卫生部长',
  },
  'environment-minister': {
    en: 'environment minister',
    ru: 'министр экологии',
    kk: 'экология министрі',
    zh: '环境部长',
  },
  'homeland-security-minister': {
    en: 'homeland security secretary',
    ru: 'министр внутренней безопасности',
    kk: 'ішкі қауіпсіздік министрі',
    zh: '国土安全部长',
  },
  minister: { en: 'minister', ru: 'министр', kk: 'министр', zh: '部长' },
};
