/**
 * Inflection-aware word lexicon. Every gazetteer word is stored once as a
 * stem with the set of endings it may take; a text token is looked up by
 * trying its prefixes (longest first) in one Map and checking the rest of the
 * token against the ending set or the Kazakh suffix chain. That is a handful
 * of Map lookups per token, so there is no per-entry regex at match time.
 */
import { GAP_HYPHEN, isTitleWord, normWord, type Token } from './text.js';

export const CASE_ANY = 0;
/** Capitalised or all caps (names). */
export const CASE_CAP = 1;
/** Exactly as written in the data (abbreviations: США, U.S.). */
export const CASE_EXACT = 2;
/** Capitalised, not all caps, not sentence-initial, not used as a first name (Того, Chad). */
export const CASE_RISKY = 3;

export const CHAIN_NONE = 0;
export const CHAIN_KK = 1;
export const CHAIN_KK_LATIN = 2;

export interface LexEntry {
  word: number;
  endings: ReadonlySet<string>;
  chain: number;
  rule: number;
  exact: string | undefined;
  /** Combining form that only counts before a hyphen (американо-китайский). */
  hyphenOnly: boolean;
  /** Abbreviation that only counts right after МИД or "дел" (МИД РТ). */
  afterMinistry: boolean;
}

const set = (...xs: string[]): ReadonlySet<string> => new Set(xs);

export const ONLY = set('');
// Russian paradigms; the stem is the word minus its nominative ending.
const RU_ADJ = set(
  'ий',
  'ый',
  'ой',
  'ая',
  'яя',
  'ое',
  'ее',
  'ие',
  'ые',
  'ого',
  'его',
  'ому',
  'ему',
  'им',
  'ым',
  'ом',
  'ем',
  'ую',
  'юю',
  'ей',
  'их',
  'ых',
  'ими',
  'ыми',
);
const RU_M_HARD = set('', 'а', 'у', 'ом', 'ем', 'е', 'ы', 'и', 'ов', 'ам', 'ами', 'ах');
const RU_M_SOFT_Y = set('й', 'я', 'ю', 'ем', 'е', 'и', 'ев', 'ям', 'ями', 'ях');
const RU_SOFT_SIGN = set('ь', 'я', 'ю', 'ем', 'е', 'и', 'ью', 'ей');
const RU_IYA = set('я', 'и', 'ю', 'ей', 'ею');
const RU_YA = set('я', 'и', 'е', 'ю', 'ей', 'ею');
const RU_A = set('а', 'ы', 'и', 'е', 'у', 'ой', 'ою', 'ей');
const RU_PLURAL = set('ы', 'и', 'ов', 'ам', 'ами', 'ах', 'ых', 'ым', 'ыми', 'ей');
const RU_NEUTER = set('о', 'а', 'у', 'ом', 'е');
const RU_ISLANDS = set('а', 'ов', 'ам', 'ами', 'ах');
// Personal names: both the noun (-ом) and the surname (-ым) instrumental.
const RU_PERSON_CONS = set('', 'а', 'у', 'ом', 'ым', 'ем', 'е', 'ы', 'ых');
const RU_PERSON_Y = set('й', 'я', 'ю', 'ем', 'е');
const RU_PERSON_SOFT = set('ь', 'я', 'ю', 'ем', 'е');
const RU_PERSON_A = set('а', 'ы', 'и', 'е', 'у', 'ой', 'ою');
const RU_PERSON_YA = set('я', 'и', 'е', 'ю', 'ей');
/** The combining form of an adjective stem: казахстанско-, российско-. */
export const RU_COMBINING = set('о');

// Kazakh attaches a chain of suffixes to the word: derivation (-лық), plural,
// possessive, case, the relative -дағы, and a second plural/case after it.
const KK_CASE =
  '(?:ның|нің|дың|дің|тың|тің|ға|ге|қа|ке|на|не|а|е|ны|ні|ды|ді|ты|ті|н|да|де|та|те|нда|нде|дан|ден|тан|тен|нан|нен|мен|бен|пен|менен|бенен|пенен|ша|ше|дай|дей|тай|тей)';
const KK_CHAIN = new RegExp(
  `^(?:лық|лік|дық|дік|тық|тік)?(?:лар|лер|дар|дер|тар|тер)?(?:сы|сі|ы|і|ымыз|іміз|мыз|міз|ыңыз|іңіз|ңыз|ңіз)?${KK_CASE}?(?:дағы|дегі|тағы|тегі|ндағы|ндегі)?(?:лар|лер|дар|дер|тар|тер)?${KK_CASE}?$`,
);
// The same for Kazakh in Latin script, after normWord (ǵ→g, ń→n, ı→i, ý→y).
const KK_CASE_LATIN =
  '(?:nyn|nin|dyn|din|tyn|tin|ga|ge|qa|ke|na|ne|a|e|ny|ni|dy|di|ty|ti|n|da|de|ta|te|nda|nde|dan|den|tan|ten|nan|nen|men|ben|pen|sha|she)';
const KK_CHAIN_LATIN = new RegExp(
  `^(?:lyq|lik|dyq|dik|tyq|tik)?(?:lar|ler|dar|der|tar|ter)?(?:sy|si|y|i)?${KK_CASE_LATIN}?(?:dagy|degi|tagy|tegi)?${KK_CASE_LATIN}?$`,
);

export function isKazakhChain(rest: string, latin: boolean): boolean {
  return latin ? KK_CHAIN_LATIN.test(rest) : KK_CHAIN.test(rest);
}

/** Longest suffix tried after a stem (Kazakh chains are long). */
const MAX_SUFFIX = 16;

const VOWELS = /[аеёиоуыэюяәөұүі]$/;
const ADJ_ALWAYS = /(?:ая|яя|ое|ее|ые|ие|ой)$/;
const ADJ_NONFINAL = /(?:ий|ый)$/;
const EXPLICIT = /^(.+)\(([^)]*)\)$/;

/**
 * Stem/ending pairs for a Russian word of a country or region name, inferred
 * from its nominative form. "stem(a|b)" in the data gives the endings
 * explicitly (Египт(а|у|ом|е)).
 */
export function ruNameForms(word: string, isLast: boolean): Array<[string, ReadonlySet<string>]> {
  const explicit = EXPLICIT.exec(word);
  if (explicit) {
    return [[normWord(explicit[1] as string), new Set((explicit[2] as string).split('|'))]];
  }
  const w = normWord(word);
  if (w === 'острова') return [['остров', RU_ISLANDS]];
  if (word.length <= 5 && word === word.toUpperCase()) return [[w, ONLY]];
  if (w.length > 3 && (ADJ_ALWAYS.test(w) || (!isLast && ADJ_NONFINAL.test(w)))) {
    return [[w.slice(0, -2), RU_ADJ]];
  }
  if (w.endsWith('ство')) return [[w.slice(0, -1), RU_NEUTER]];
  if (w.endsWith('ия')) return [[w.slice(0, -1), RU_IYA]];
  if (w.endsWith('я')) return [[w.slice(0, -1), RU_YA]];
  if (w.endsWith('а')) return [[w.slice(0, -1), RU_A]];
  if (w.endsWith('ы')) return [[w.slice(0, -1), RU_PLURAL]];
  if (w.endsWith('й')) return [[w.slice(0, -1), RU_M_SOFT_Y]];
  if (w.endsWith('ь')) return [[w.slice(0, -1), RU_SOFT_SIGN]];
  if (VOWELS.test(w)) return [[w, ONLY]];
  return [[w, RU_M_HARD]];
}

/** Adjective given as masculine nominative: stem + all adjective endings. */
export function ruAdjectiveStem(word: string): string | undefined {
  const w = normWord(word);
  return /(?:ий|ый|ой)$/.test(w) && w.length > 4 ? w.slice(0, -2) : undefined;
}

export const RU_ADJECTIVE_ENDINGS = RU_ADJ;

/** Stem/ending pairs for a Cyrillic personal name word (Лавров → Лаврова, Лавровым). */
export function ruPersonForms(word: string): Array<[string, ReadonlySet<string>]> {
  const w = normWord(word);
  if (w.length < 2) return [[w, ONLY]];
  if (w.endsWith('й')) return [[w.slice(0, -1), RU_PERSON_Y]];
  if (w.endsWith('ь')) return [[w.slice(0, -1), RU_PERSON_SOFT]];
  if (w.endsWith('а')) return [[w.slice(0, -1), RU_PERSON_A]];
  if (w.endsWith('я')) return [[w.slice(0, -1), RU_PERSON_YA]];
  if (VOWELS.test(w)) return [[w, ONLY]];
  return [[w, RU_PERSON_CONS]];
}

const EMPTY: readonly number[] = [];
const MINISTRY_WORDS = new Set(['мид', 'мида', 'дел']);

export class Lexicon {
  private readonly stems = new Map<string, LexEntry[]>();
  private minLen = Number.POSITIVE_INFINITY;
  /**
   * Stem lengths (longest first) per first three letters (a stem of one or two
   * letters is its own key): a token is tried only at the prefix lengths some
   * stem with its first letters actually has.
   */
  private readonly heads = new Map<string, number[]>();

  add(stem: string, entry: LexEntry): void {
    const list = this.stems.get(stem);
    if (list) {
      // The same word may be reachable through the same stem twice (a name and
      // its variant); keep one entry per word/ending set.
      if (
        list.some(
          (e) => e.word === entry.word && e.endings === entry.endings && e.rule === entry.rule,
        )
      )
        return;
      list.push(entry);
    } else this.stems.set(stem, [entry]);
    if (stem.length < this.minLen) this.minLen = stem.length;
    const head = stem.length <= 2 ? stem : stem.slice(0, 3);
    const lengths = this.heads.get(head);
    if (!lengths) this.heads.set(head, [stem.length]);
    else if (!lengths.includes(stem.length)) {
      lengths.push(stem.length);
      lengths.sort((a, b) => b - a);
    }
  }

  get size(): number {
    return this.stems.size;
  }

  /** Word ids the token at index i can stand for. */
  lookup(tokens: readonly Token[], i: number): readonly number[] {
    const t = tokens[i] as Token;
    const s = t.norm;
    let out: number[] | undefined;
    const low = s.length - MAX_SUFFIX;
    const lengths = s.length >= 3 ? this.heads.get(s.slice(0, 3)) : undefined;
    if (lengths !== undefined) {
      for (const k of lengths) {
        if (k > s.length || k < low) continue;
        out = this.tryStem(tokens, i, s, k, out);
      }
    }
    if (s.length >= 2 && low <= 2 && this.heads.has(s.slice(0, 2)))
      out = this.tryStem(tokens, i, s, 2, out);
    // One-letter stems (initials, "и" in "Тринидад и Тобаго") are kept under their own head.
    if (this.minLen === 1 && low <= 1 && this.heads.has(s.slice(0, 1)))
      out = this.tryStem(tokens, i, s, 1, out);
    return out ?? EMPTY;
  }

  private tryStem(
    tokens: readonly Token[],
    i: number,
    s: string,
    k: number,
    out: number[] | undefined,
  ): number[] | undefined {
    const list = this.stems.get(k === s.length ? s : s.slice(0, k));
    if (list === undefined) return out;
    const rest = k === s.length ? '' : s.slice(k);
    let result = out;
    for (const e of list) {
      if (!accept(e, rest, tokens, i)) continue;
      if (result === undefined) result = [e.word];
      else if (!result.includes(e.word)) result.push(e.word);
    }
    return result;
  }
}

// Words that may follow a risky English name without making it a first name
// ("Georgia Foreign Minister" is the country, "Chad Smith" is not).
const RISKY_NEXT_OK = new Set([
  'foreign',
  'ministry',
  'minister',
  'president',
  'prime',
  'government',
  'embassy',
  'ambassador',
  'parliament',
  'deputy',
  'king',
  'national',
  'mfa',
]);

// Kazakh adjectives derived from names are written in lower case (қазақстандық, ресейлік).
const KK_DERIVED = /^(?:лық|лік|дық|дік|тық|тік|lyq|lik|dyq|dik|tyq|tik)/;

function accept(e: LexEntry, rest: string, tokens: readonly Token[], i: number): boolean {
  const t = tokens[i] as Token;
  let chained = false;
  if (!e.endings.has(rest)) {
    if (e.chain === CHAIN_NONE || !isKazakhChain(rest, e.chain === CHAIN_KK_LATIN)) return false;
    chained = true;
  }
  switch (e.rule) {
    case CASE_CAP:
      if (!t.title && !(chained && KK_DERIVED.test(rest))) return false;
      break;
    case CASE_EXACT:
      if (t.raw !== e.exact) return false;
      break;
    case CASE_RISKY: {
      if (!isTitleWord(t) || t.sentenceStart) return false;
      if (!t.cyrillic) {
        const next = tokens[i + 1];
        if (next && next.gapBefore === 0 && isTitleWord(next) && !RISKY_NEXT_OK.has(next.norm)) {
          return false;
        }
        const prev = tokens[i - 1];
        if (prev && t.gapBefore === 0 && isTitleWord(prev) && !prev.sentenceStart) return false;
      }
      break;
    }
  }
  if (e.hyphenOnly && tokens[i + 1]?.gapBefore !== GAP_HYPHEN) return false;
  if (e.afterMinistry && !MINISTRY_WORDS.has(tokens[i - 1]?.norm ?? '')) return false;
  return true;
}
