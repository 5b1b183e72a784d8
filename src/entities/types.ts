/** Public types of the entity extractor (re-exported by index.ts). */

export interface MinisterInfo {
  /** Slug of the English name (English Wikipedia article title): sergey-lavrov. */
  id: string;
  names: { en: string; ru?: string; kk?: string; zh?: string };
  /** ISO 3166-1 alpha-2 code of the country the person is a minister of. */
  country: string;
  /** foreign-minister, finance-minister, … or minister (portfolio not stated). */
  role: string;
  /** Found by a title pattern in the text, not in the curated gazetteer. */
  discovered?: boolean;
}

export interface Entities {
  /** Sorted, unique ISO 3166-1 alpha-2 codes. */
  countries: string[];
  /** Unique by id, sorted by id. */
  ministers: MinisterInfo[];
}

/** A title with its country and no name: "глава МИД Китая заявил", 澳大利亚外长表示. */
export interface TitleOnly {
  code: string;
  role: string;
}
