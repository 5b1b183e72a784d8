/**
 * Compiles the validated data files, once at module load, into:
 *  - a Lexicon (stem → word ids, inflection-aware),
 *  - phrases over word ids (country names, blockers, minister names),
 *  - minister records,
 *  - one combined regex for Chinese, where there are no spaces to tokenise on.
 */
import { countriesData, type MinisterData, ministersData, termEnd, termStart } from './data.js';
import {
  CASE_ANY,
  CASE_CAP,
  CASE_EXACT,
  CASE_RISKY,
  CHAIN_KK,
  CHAIN_KK_LATIN,
  CHAIN_NONE,
  Lexicon,
  ONLY,
  RU_ADJECTIVE_ENDINGS,
  RU_COMBINING,
  ruAdjectiveStem,
  ruNameForms,
  ruPersonForms,
} from './lexicon.js';
import { nameSkeleton, sameName } from './names.js';
import { normWord, type Token, tokenize } from './text.js';
import type { MinisterInfo } from './types.js';

export const P_COUNTRY = 1;
export const P_BLOCK = 2;
export const P_MINISTER = 3;
export const P_SURNAME = 4;
export const P_TITLED = 5;

export const W_COUNTRY = 1;
export const W_ADJECTIVE = 2;
export const W_PERSON = 4;

export interface Phrase {
  words: readonly number[];
  kind: number;
  /** Country code (P_COUNTRY). */
  code: string;
  adjective: boolean;
  /** Index into ministers (P_MINISTER, P_SURNAME, P_TITLED). */
  minister: number;
  /** Other ministers with the same name words (two foreign ministers called Kim). */
  alternatives: number[];
}

export interface MinisterRecord {
  info: MinisterInfo;
  requireContext: boolean;
  /** Days in office, inclusive (YYYY-MM-DD; a year-only bound covers the whole year; to = null: still in office). */
  terms: readonly { from: string; to: string | null }[];
  /**
   * The days certainly in office: a year-only bound leaves its year open (the
   * minister came or went some time in it), so "2016–2018" is sure only for 2017.
   */
  sureTerms: readonly { from: string; to: string | null }[];
  /** Name skeletons of every full name (names.ts), for cross-script matching. */
  skeletons: readonly (readonly string[])[];
  /** Word ids of all name parts (a first name before a surname is this person's). */
  nameWords: ReadonlySet<number>;
  /** First letters of the first names, for "С. Лавров" / "A. Abdrakhmanov" checks. */
  initials: ReadonlySet<string>;
}

export const ZH_COUNTRY = 1;
export const ZH_BLOCK = 2;
export const ZH_MINISTER = 3;
export const ZH_MINISTER_TITLED = 4;
/** A name that counts only with a minister's title right before or after it. */
export const ZH_MINISTER_NEEDS_TITLE = 5;

export interface ZhTerm {
  kind: number;
  code: string;
  minister: number;
}

/** English demonyms name people too: Haitian → Haitians, Pakistani → Pakistanis. */
function withEnglishPlurals(adjectives: readonly string[], lang: string): string[] {
  if (lang !== 'en') return [...adjectives];
  const out = new Set(adjectives);
  for (const adj of adjectives)
    if (/(?:an|i)$/.test(adj) && !adj.startsWith('=')) out.add(`${adj}s`);
  return [...out];
}

// States whose people's names put the family name first, also in English.
const FAMILY_NAME_FIRST = new Set(['CN', 'TW', 'HK', 'MO', 'KR', 'KP', 'VN', 'KH', 'MN']);

const PARTICLES = new Set([
  'al',
  'el',
  'bin',
  'ben',
  'ibn',
  'bint',
  'de',
  'la',
  'le',
  'van',
  'von',
  'der',
  'di',
  'da',
  'du',
  'dos',
  'jr',
  'аль',
  'эль',
  'бин',
  'бен',
  'ибн',
  'ас',
  'аш',
  'аз',
  'ад',
  'ар',
  'ат',
  'ле',
  'ди',
  'де',
  'фон',
]);

class Builder {
  readonly lex = new Lexicon();
  private readonly ids = new Map<string, number>();
  readonly flags: number[] = [];
  readonly byFirst = new Map<number, Phrase[]>();
  readonly zh = new Map<string, ZhTerm>();

  /** Word id for a word built a given way; the first call registers its forms. */
  private word(key: string, flags: number, register: (id: number) => void): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.flags.length;
      this.ids.set(key, id);
      this.flags.push(flags);
      register(id);
    } else {
      this.flags[id] = (this.flags[id] ?? 0) | flags;
    }
    return id;
  }

  private entry(
    id: number,
    stem: string,
    endings: ReadonlySet<string>,
    rule: number,
    chain = CHAIN_NONE,
    extra: { exact?: string; hyphenOnly?: boolean; afterMinistry?: boolean } = {},
  ): void {
    this.lex.add(stem, {
      word: id,
      endings,
      chain,
      rule,
      exact: extra.exact,
      hyphenOnly: extra.hyphenOnly === true,
      afterMinistry: extra.afterMinistry === true,
    });
  }

  addPhrase(words: number[], kind: number, code = '', adjective = false, minister = -1): void {
    const first = words[0];
    if (first === undefined) return;
    const phrase: Phrase = { words, kind, code, adjective, minister, alternatives: [] };
    const list = this.byFirst.get(first);
    if (!list) {
      this.byFirst.set(first, [phrase]);
      return;
    }
    const same = list.find((q) => q.kind === kind && q.code === code && sameWords(q.words, words));
    if (!same) list.push(phrase);
    else if (same.minister !== minister && !same.alternatives.includes(minister))
      same.alternatives.push(minister);
  }

  /**
   * Word ids of a name written in the data. Markers: "=" exact abbreviation,
   * "^=" abbreviation only after МИД, "!" risky short name, trailing "-"
   * combining form.
   */
  nameWords(
    raw: string,
    lang: 'en' | 'ru' | 'kk',
    asAdjective: boolean,
    flags: number,
  ): number[] | undefined {
    let s = raw;
    let exact = false;
    let afterMinistry = false;
    let risky = false;
    if (s.startsWith('^=')) {
      afterMinistry = true;
      exact = true;
      s = s.slice(2);
    } else if (s.startsWith('=')) {
      exact = true;
      s = s.slice(1);
    } else if (s.startsWith('!')) {
      risky = true;
      s = s.slice(1);
    }
    const hyphenOnly = s.endsWith('-');
    if (hyphenOnly) s = s.slice(0, -1);

    if (exact) {
      const toks = tokenize(s);
      const tok = toks[0];
      if (toks.length !== 1 || tok === undefined)
        throw new Error(`abbreviation must be one token: ${raw}`);
      return [
        this.word(`x:${afterMinistry ? '^' : ''}${tok.raw}`, flags, (id) =>
          this.entry(id, tok.norm, ONLY, CASE_EXACT, CHAIN_NONE, { exact: tok.raw, afterMinistry }),
        ),
      ];
    }
    if (lang === 'ru' && /\(.*\)$/.test(s)) {
      return [
        this.word(`ru:${s}`, flags, (id) => {
          for (const [stem, endings] of ruNameForms(s, true))
            this.entry(id, stem, endings, CASE_CAP);
        }),
      ];
    }
    const toks = tokenize(s);
    if (toks.length === 0) return undefined;
    return toks.map((tok, j) =>
      this.dataWord(tok, j === toks.length - 1, lang, asAdjective, flags, { risky, hyphenOnly }),
    );
  }

  private dataWord(
    tok: Token,
    isLast: boolean,
    lang: 'en' | 'ru' | 'kk',
    asAdjective: boolean,
    flags: number,
    opts: { risky: boolean; hyphenOnly: boolean },
  ): number {
    // Names are capitalised; so are English demonyms (Polish, not polish).
    const rule = opts.risky
      ? CASE_RISKY
      : tok.title && (!asAdjective || !tok.cyrillic)
        ? CASE_CAP
        : CASE_ANY;
    const hyphenOnly = opts.hyphenOnly;
    if (lang === 'kk') {
      const chain = tok.cyrillic ? CHAIN_KK : CHAIN_KK_LATIN;
      return this.word(`kk:${rule}:${tok.norm}`, flags, (id) =>
        this.entry(id, tok.norm, ONLY, rule, chain),
      );
    }
    if (lang === 'en' || !tok.cyrillic) {
      return this.word(`en:${rule}:${hyphenOnly ? '-' : ''}${tok.norm}`, flags, (id) =>
        this.entry(id, tok.norm, ONLY, rule, CHAIN_NONE, { hyphenOnly }),
      );
    }
    if (hyphenOnly) {
      return this.word(`ru-:${tok.norm}`, flags, (id) =>
        this.entry(id, tok.norm, ONLY, CASE_ANY, CHAIN_NONE, { hyphenOnly: true }),
      );
    }
    if (asAdjective) {
      const stem = ruAdjectiveStem(tok.raw);
      if (stem !== undefined) {
        return this.word(`ra:${stem}`, flags, (id) => {
          this.entry(id, stem, RU_ADJECTIVE_ENDINGS, CASE_ANY);
          this.entry(id, stem, RU_COMBINING, CASE_ANY, CHAIN_NONE, { hyphenOnly: true });
        });
      }
    }
    return this.word(`rn:${rule}:${isLast ? 1 : 0}:${tok.norm}`, flags, (id) => {
      for (const [stem, endings] of ruNameForms(tok.raw, isLast))
        this.entry(id, stem, endings, rule);
      // Kazakh texts also use Russian names with Kazakh endings (Белоруссиядағы).
      if (!asAdjective) this.entry(id, tok.norm, ONLY, rule, CHAIN_KK);
    });
  }

  /** Word ids of a personal name (any script), with Russian and Kazakh inflection. */
  personWords(name: string): Array<{ id: number; norm: string; particle: boolean }> {
    return tokenize(name).map((tok) => {
      const particle = PARTICLES.has(tok.norm);
      if (particle) {
        return {
          id: this.word(`pp:${tok.norm}`, W_PERSON, (id) =>
            this.entry(id, tok.norm, ONLY, CASE_ANY),
          ),
          norm: tok.norm,
          particle,
        };
      }
      if (!tok.cyrillic) {
        // "Chung Eui-yong": a lower-case part in the data may be lower case in texts.
        const rule = tok.title ? CASE_CAP : CASE_ANY;
        return {
          id: this.word(`pl:${rule}:${tok.norm}`, W_PERSON, (id) =>
            this.entry(id, tok.norm, ONLY, rule),
          ),
          norm: tok.norm,
          particle,
        };
      }
      const rule = tok.title ? CASE_CAP : CASE_ANY;
      return {
        id: this.word(`pc:${rule}:${tok.norm}`, W_PERSON, (id) => {
          this.entry(id, tok.norm, ONLY, rule, CHAIN_KK);
          for (const [stem, endings] of ruPersonForms(tok.raw)) this.entry(id, stem, endings, rule);
        }),
        norm: tok.norm,
        particle,
      };
    });
  }

  zhTerm(term: string, value: ZhTerm): void {
    // The first registration wins; blockers are registered first.
    if (!this.zh.has(term)) this.zh.set(term, value);
  }
}

function sameWords(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((w, i) => w === b[i]);
}

const ZH_FM_TITLES = ['外长', '外交部长', '国务卿', '外交大臣', '外相'];

function compile() {
  const b = new Builder();
  const langs = ['en', 'ru', 'kk'] as const;

  for (const lang of langs) {
    for (const name of countriesData.blockers[lang]) {
      const words = b.nameWords(name, lang, false, 0);
      if (words) b.addPhrase(words, P_BLOCK);
    }
  }
  for (const term of countriesData.blockers.zh)
    b.zhTerm(term, { kind: ZH_BLOCK, code: '', minister: -1 });

  for (const c of countriesData.countries) {
    for (const lang of langs) {
      const block = c[lang];
      if (!block) continue;
      for (const name of block.names) {
        const words = b.nameWords(name, lang, false, W_COUNTRY);
        if (words) b.addPhrase(words, P_COUNTRY, c.code, false);
      }
      for (const adj of withEnglishPlurals(block.adjectives ?? [], lang)) {
        const words = b.nameWords(adj, lang, true, W_COUNTRY | W_ADJECTIVE);
        if (words) b.addPhrase(words, P_COUNTRY, c.code, true);
      }
    }
    for (const term of c.zh?.names ?? [])
      b.zhTerm(term, { kind: ZH_COUNTRY, code: c.code, minister: -1 });
  }

  /**
   * The last word of a full name, next to a title of the person's office
   * ("Commerce Secretary Ross", "министр Росс"), for entries that list no such
   * surname. Only for a name of two words, and not where the family name comes first
   * (Wang Yi, Kim Jong-un) or the name has particles (Le Drian, bin Farhan Al Saud).
   */
  function impliedSurnames(m: MinisterData, listed: ReadonlySet<string>): string[] {
    if (FAMILY_NAME_FIRST.has(m.country)) return [];
    const out: string[] = [];
    for (const full of [m.names.en, m.names.ru, m.names.kk]) {
      if (full === undefined) continue;
      const words = tokenize(full);
      // Two words only: in "Roberto Velasco Álvarez" the last is a mother's name, not used alone.
      if (words.length !== 2 || words.some((w) => PARTICLES.has(w.norm))) continue;
      const last = (words[words.length - 1] as Token).raw;
      if (last.length >= 3 && !listed.has(last) && !out.includes(last)) out.push(last);
    }
    return out;
  }

  const ministers: MinisterRecord[] = [];
  ministersData.ministers.forEach((m: MinisterData, idx) => {
    const nameWords = new Set<number>();
    const initials = new Set<string>();
    const fullNames = [m.names.en, m.names.ru, m.names.kk, ...(m.variants ?? [])].filter(
      (n): n is string => typeof n === 'string',
    );
    for (const full of fullNames) {
      const words = b.personWords(full);
      for (const w of words) nameWords.add(w.id);
      const first = words.find((w) => !w.particle);
      if (first) initials.add(first.norm.slice(0, 1));
      if (words.length > 1)
        b.addPhrase(
          words.map((w) => w.id),
          P_MINISTER,
          '',
          false,
          idx,
        );
    }
    for (const s of m.surnames ?? [])
      b.addPhrase(
        b.personWords(s).map((w) => w.id),
        P_SURNAME,
        '',
        false,
        idx,
      );
    const listed = new Set([...(m.surnames ?? []), ...(m.titledSurnames ?? [])]);
    for (const s of [...(m.titledSurnames ?? []), ...impliedSurnames(m, listed)])
      b.addPhrase(
        b.personWords(s).map((w) => w.id),
        P_TITLED,
        '',
        false,
        idx,
      );
    for (const z of [m.names.zh, ...(m.zhVariants ?? [])]) {
      if (z) b.zhTerm(z, { kind: ZH_MINISTER, code: '', minister: idx });
    }
    for (const z of m.zhTitled ?? []) {
      // A name of two characters or more is one term, checked for a title next to
      // it (chinese.ts); a single character only as part of "title + name".
      if (z.length >= 2) {
        b.zhTerm(z, { kind: ZH_MINISTER_NEEDS_TITLE, code: '', minister: idx });
        continue;
      }
      for (const title of ZH_FM_TITLES) {
        b.zhTerm(`${z}${title}`, { kind: ZH_MINISTER_TITLED, code: '', minister: idx });
        b.zhTerm(`${title}${z}`, { kind: ZH_MINISTER_TITLED, code: '', minister: idx });
      }
    }
    const info: MinisterInfo = {
      id: m.id,
      names: { ...m.names },
      country: m.country,
      role: m.role,
    };
    ministers.push({
      info,
      requireContext: m.requireRoleContext === true,
      terms: m.terms.map((t) => ({
        from: termStart(t.from),
        to: t.to === null ? null : termEnd(t.to),
      })),
      sureTerms: m.terms.map((t) => ({
        from: typeof t.from === 'number' ? termStart(t.from + 1) : t.from,
        to: t.to === null ? null : typeof t.to === 'number' ? termEnd(t.to - 1) : t.to,
      })),
      skeletons: fullNames.map((n) => nameSkeleton(n, isParticle)),
      nameWords,
      initials,
    });
  });

  // Longest first, so the regex alternation picks the longest term at a position.
  const zhTerms = [...b.zh.keys()].sort((x, y) => y.length - x.length);
  const zhRegex = new RegExp(
    zhTerms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
    'g',
  );

  return {
    lexicon: b.lex,
    wordFlags: b.flags,
    phrasesByFirst: b.byFirst,
    ministers,
    zhTerms: b.zh,
    zhRegex,
    zhAbbreviations: countriesData.zhAbbreviations,
  };
}

export const gazetteer = compile();

export const ministerIndex: ReadonlyMap<string, MinisterRecord> = new Map(
  gazetteer.ministers.map((m) => [m.info.id, m]),
);

const ministersByCountry = new Map<string, number[]>();
gazetteer.ministers.forEach((m, idx) => {
  const list = ministersByCountry.get(m.info.country);
  if (list) list.push(idx);
  else ministersByCountry.set(m.info.country, [idx]);
});

/** Indexes of the gazetteer ministers of a country, of every office. */
export function ministersOf(country: string): readonly number[] {
  return ministersByCountry.get(country) ?? [];
}

/**
 * The gazetteer minister of that country a found name belongs to, in any
 * script or spelling (Ахмед Давудоглу → Ahmet Davutoğlu), or undefined. When
 * several match, the one in office at the date wins; a tie stays unresolved.
 */
export function knownMinister(name: string, country: string, date?: string): number | undefined {
  const candidates = ministersByCountry.get(country);
  if (!candidates) return undefined;
  const skeleton = nameSkeleton(name, isParticle);
  const matches = candidates.filter((idx) =>
    (gazetteer.ministers[idx] as MinisterRecord).skeletons.some((s) => sameName(s, skeleton)),
  );
  if (matches.length <= 1) return matches[0];
  if (date === undefined) return undefined;
  const inOffice = matches.filter((idx) =>
    inTerm(gazetteer.ministers[idx] as MinisterRecord, date),
  );
  return inOffice.length === 1 ? inOffice[0] : undefined;
}

/** Whether the minister was certainly in office on every day from `first` to `last`. */
export function surelyInOffice(rec: MinisterRecord, first: string, last: string): boolean {
  return rec.sureTerms.some((t) => t.from <= first && (t.to === null || t.to >= last));
}

/** Whether the minister was in office on that day (YYYY-MM-DD). */
function inTerm(rec: MinisterRecord, date: string): boolean {
  return rec.terms.some((t) => t.from <= date && (t.to === null || t.to >= date));
}

/** The gazetteer minister whose English name is this one (a pinyin or Latin gloss). */
export function ministerByEnglishName(name: string): number | undefined {
  const key = normWord(name)
    .replace(/[^a-z]+/g, ' ')
    .trim();
  return englishNames.get(key);
}

const englishNames = new Map<string, number>();
gazetteer.ministers.forEach((m, idx) => {
  englishNames.set(
    normWord(m.info.names.en)
      .replace(/[^a-z]+/g, ' ')
      .trim(),
    idx,
  );
});

/** Normalised tokens of particles and honorifics that may sit inside or before a name. */
export function isParticle(norm: string): boolean {
  return PARTICLES.has(norm);
}
