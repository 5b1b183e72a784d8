/**
 * Meilisearch index settings as typed data. `npm start` compares them with the
 * server's and applies them only when they differ; a test reads them back.
 *
 * Each release stores its text in language-suffixed fields (title_ru,
 * body_zh, …) so `localizedAttributes` can tell Meilisearch which tokenizer to
 * use: Chinese needs word segmentation, and auto-detection on short texts
 * confuses Chinese with Japanese.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Settings } from 'meilisearch';
import { z } from 'zod';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Languages with their own text fields, and the Meilisearch locale used to
 * tokenize them. Meilisearch 1.21 has no Kazakh locale; Kazakh is Cyrillic
 * with a few extra letters, so Russian tokenization fits it.
 */
export const TEXT_LANGUAGES = {
  ru: 'rus',
  kk: 'rus',
  en: 'eng',
  zh: 'cmn',
} as const;

export type TextLanguage = keyof typeof TEXT_LANGUAGES;

/** Field suffix for releases in any other language: searchable, no fixed locale. */
export const OTHER_LANGUAGE = 'other';

export const TEXT_FIELDS = ['title', 'lead', 'body'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export function textLanguageOf(lang: string): TextLanguage | typeof OTHER_LANGUAGE {
  return lang in TEXT_LANGUAGES ? (lang as TextLanguage) : OTHER_LANGUAGE;
}

export function textFieldName(field: TextField, lang: string): string {
  return `${field}_${textLanguageOf(lang)}`;
}

const suffixes = [...Object.keys(TEXT_LANGUAGES), OTHER_LANGUAGE];

/**
 * Shadow fields written by the indexer (src/indexing/document.ts): the
 * title's and the lead and body's word keys (stems, src/search/morphology.ts),
 * and alias tokens of the countries and ministers in the release's facets and
 * of its dateline in other scripts (src/search/aliases.ts). Never displayed.
 */
export const STEM_TITLE_FIELD = 'stemTitle';
export const STEM_BODY_FIELD = 'stemBody';
export const ALIASES_FIELD = 'aliases';
export const SHADOW_FIELDS = [STEM_TITLE_FIELD, STEM_BODY_FIELD, ALIASES_FIELD] as const;

/**
 * Version of the document shape the indexer writes. Raise it whenever
 * toMeiliDocument changes what it stores: at start an index holding older
 * documents is rebuilt from the archive (src/indexing/rebuild.ts).
 */
export const DOCUMENT_VERSION = 2;

const textFields = (field: TextField) => suffixes.map((suffix) => `${field}_${suffix}`);

/**
 * Title before lead before body: Meilisearch's attribute rule ranks by this
 * order. The title's stems and the alias tokens rank with the title.
 */
export const searchableAttributes = [
  ...textFields('title'),
  STEM_TITLE_FIELD,
  ALIASES_FIELD,
  ...textFields('lead'),
  ...textFields('body'),
  STEM_BODY_FIELD,
];

/** Filterable fields that are facets of the API; `month` ("2024-03") is the date histogram. */
export const FACETS = ['countries', 'ministers', 'source', 'lang', 'year', 'month'] as const;
export type Facet = (typeof FACETS)[number];

const synonymFileSchema = z.object({
  groups: z.array(z.array(z.string().min(1)).min(2)),
});

function loadSynonyms(): Record<string, string[]> {
  const file = path.join(here, 'synonyms.json');
  const parsed = synonymFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const synonyms: Record<string, string[]> = {};
  for (const group of parsed.groups) {
    for (const word of group) {
      const others = group.filter((other) => other !== word);
      synonyms[word] = [...new Set([...(synonyms[word] ?? []), ...others])];
    }
  }
  return synonyms;
}

/** Words left out of queries and of the shadow fields, in every language. */
export const STOP_WORDS: ReadonlySet<string> = new Set(loadStopWords());

function loadStopWords(): string[] {
  const dir = path.join(here, 'stop-words');
  const words = Object.keys(TEXT_LANGUAGES).flatMap((lang) =>
    readFileSync(path.join(dir, `${lang}.txt`), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#')),
  );
  return [...new Set(words)].sort();
}

export const localizedAttributes = (() => {
  const byLocale = new Map<string, string[]>();
  for (const [lang, locale] of Object.entries(TEXT_LANGUAGES)) {
    byLocale.set(locale, [...(byLocale.get(locale) ?? []), `*_${lang}`]);
  }
  return [...byLocale].map(([locale, attributePatterns]) => ({
    attributePatterns,
    locales: [locale],
  }));
})();

/** Most values a facet distribution holds. */
export const MAX_FACET_VALUES = 1000;

/** Deepest page reachable and the ceiling of exhaustive hit counts. */
export const MAX_TOTAL_HITS = 10_000;

export function buildIndexSettings(): Settings {
  return {
    searchableAttributes,
    filterableAttributes: [...FACETS, 'publishedTs', 'translationGroup', 'docVersion'],
    sortableAttributes: ['publishedTs'],
    // "sort" first: a requested date order is strict, not a tie-breaker after
    // relevance (without a sort parameter the rule does nothing). Newer releases
    // win relevance ties, and placeholder searches list the newest first.
    rankingRules: [
      'sort',
      'words',
      'typo',
      'proximity',
      'attribute',
      'exactness',
      'publishedTs:desc',
    ],
    displayedAttributes: ['*'],
    // Facet value search (GET /api/facets) matches labels among every value the
    // current results hold, so this must exceed the number of ministers/countries.
    faceting: { maxValuesPerFacet: MAX_FACET_VALUES, sortFacetValuesBy: { '*': 'count' } },
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
      // Years, figures and numbered resolutions must match exactly.
      disableOnNumbers: true,
      // Stems and alias tokens are matched exactly; the raw text keeps typo tolerance.
      disableOnAttributes: [...SHADOW_FIELDS],
    },
    localizedAttributes,
    synonyms: loadSynonyms(),
    stopWords: [...STOP_WORDS],
  };
}
