/**
 * Tokenisation and normalisation shared by the gazetteer compiler and the
 * extractor. Both sides normalise with the same function, so a data entry
 * and a word in a text meet in one Map lookup.
 */

/** What separates a token from the one before it. */
export const GAP_SPACE = 0;
export const GAP_HYPHEN = 1;
export const GAP_DASH = 2;
export const GAP_PUNCT = 3;
export const GAP_BOUNDARY = 4;

export interface Token {
  start: number;
  end: number;
  /** Surface form without an English possessive ('s). */
  raw: string;
  /** Lower case, ё→е, apostrophes removed, Latin diacritics stripped. */
  norm: string;
  cyrillic: boolean;
  /** First letter is upper case. */
  title: boolean;
  /** Two or more letters, all upper case (США, UAE). */
  allCaps: boolean;
  gapBefore: number;
  /** First token of the text, of a line or after . ! ? */
  sentenceStart: boolean;
  /** Index of the sentence the token belongs to. */
  sentence: number;
}

const APOSTROPHES = /['’ʼ‘ʻ`]/g;
const NON_ASCII = /[^\x20-\x7e]/;
// Letters that NFD does not decompose.
const LATIN_EXTRA: Record<string, string> = {
  ı: 'i',
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ð: 'd',
  þ: 'th',
};
const LATIN_EXTRA_RE = /[ıłøđßæœðþ]/g;

/**
 * Normalise one word. Diacritics are stripped from Latin script only: for
 * Cyrillic, NFD would turn й into и (Китай → Китаи).
 */
export function normWord(word: string): string {
  return normLower(word.toLowerCase(), isCyrillicChar(word.charCodeAt(0)));
}

const SIMPLE_LATIN = /^[a-z.]+$/;

function normLower(lower: string, cyrillic: boolean): string {
  let s = lower;
  if (cyrillic) {
    if (s.includes('ё')) s = s.replaceAll('ё', 'е');
    if (s.includes("'") || s.includes('’') || s.includes('ʼ')) s = s.replace(APOSTROPHES, '');
    return s;
  }
  if (SIMPLE_LATIN.test(s)) return s;
  if (
    s.includes("'") ||
    s.includes('’') ||
    s.includes('ʼ') ||
    s.includes('‘') ||
    s.includes('ʻ') ||
    s.includes('`')
  ) {
    s = s.replace(APOSTROPHES, '');
  }
  if (NON_ASCII.test(s)) {
    s = s
      .replace(LATIN_EXTRA_RE, (ch) => LATIN_EXTRA[ch] ?? ch)
      .normalize('NFD')
      .replace(/\p{M}/gu, '');
  }
  return s;
}

export function isCyrillicChar(code: number): boolean {
  return code >= 0x0400 && code <= 0x052f;
}

// Abbreviations whose full stop does not end a sentence (Dr. Jaishankar, г-н, им. аль-Фараби).
const TITLE_ABBREVIATIONS = new Set([
  'Dr',
  'Mr',
  'Mrs',
  'Ms',
  'St',
  'Jr',
  'Sr',
  'Prof',
  'Gen',
  'Sen',
  'Rep',
  'Gov',
  'Hon',
  'Amb',
  'им',
  'св',
  'Св',
  'г',
  'гг',
  'др',
  'проф',
  'акад',
]);

function classifyGap(gap: string, prev: Token | undefined): number {
  if (prev === undefined) return GAP_BOUNDARY;
  if (gap.length === 1) {
    // The common cases without a regex.
    const c = gap.charCodeAt(0);
    if (c === 0x20 || c === 0xa0) return GAP_SPACE;
    if (c === 0x2d) return GAP_HYPHEN;
    if (c === 0x2c) return GAP_PUNCT;
    if (c === 0x0a) return GAP_BOUNDARY;
  }
  if (gap.includes('\n')) return GAP_BOUNDARY;
  if (/[.!?…]/.test(gap)) {
    // "С. Лавров", "E. Idrissov": a full stop after a single letter is an initial.
    if ((prev.raw.length === 1 || TITLE_ABBREVIATIONS.has(prev.raw)) && /^\.\s*$/.test(gap))
      return GAP_SPACE;
    return GAP_BOUNDARY;
  }
  if (/[,;:()[\]«»"“”„/|•·]/.test(gap)) return GAP_PUNCT;
  if (/[–—]|\s-\s/.test(gap)) return GAP_DASH;
  if (/^[-‐‑]$/.test(gap)) return GAP_HYPHEN;
  if (/^\s+$/.test(gap)) return GAP_SPACE;
  return GAP_PUNCT;
}

// Word characters: Latin (with its extensions), Cyrillic and combining marks.
// Han is left out on purpose: Chinese has no spaces and is matched separately
// (chinese.ts). A hand-written scanner is several times faster than a
// Unicode-property regex here, and this runs on every document.
function isWordChar(c: number): boolean {
  if (c < 0x41) return false;
  if (c <= 0x5a) return true;
  if (c < 0x61) return false;
  if (c <= 0x7a) return true;
  if (c < 0xc0) return false;
  if (c <= 0x24f) return c !== 0xd7 && c !== 0xf7;
  if (c >= 0x300 && c <= 0x36f) return true;
  if (c >= 0x400 && c <= 0x52f) return true;
  return c >= 0x1e00 && c <= 0x1eff;
}

// ' ’ ʼ and the ‘ ʻ of Uzbek Latin (Oʻzbekiston).
function isApostrophe(c: number): boolean {
  return c === 0x27 || c === 0x2019 || c === 0x2bc || c === 0x2018 || c === 0x2bb;
}

function isUpperLetter(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x410 && c <= 0x42f) ||
    c === 0x401 ||
    (c >= 0xc0 && c <= 0xde)
  );
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let prev: Token | undefined;
  let sentence = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!isWordChar(c) || (c >= 0x300 && c <= 0x36f)) {
      i++;
      continue;
    }
    const start = i;
    let end: number;
    // Dotted abbreviation: U.S., U.K., С.В.
    if (
      isUpperLetter(c) &&
      text.charCodeAt(i + 1) === 0x2e &&
      isUpperLetter(text.charCodeAt(i + 2)) &&
      text.charCodeAt(i + 3) === 0x2e
    ) {
      end = i + 4;
      while (isUpperLetter(text.charCodeAt(end)) && text.charCodeAt(end + 1) === 0x2e) end += 2;
    } else {
      end = i + 1;
      for (;;) {
        const d = text.charCodeAt(end);
        if (isWordChar(d)) end++;
        else if (isApostrophe(d) && isWordChar(text.charCodeAt(end + 1))) end += 2;
        else break;
      }
    }
    i = end;
    let raw = text.slice(start, end);
    const cyrillic = isCyrillicChar(c);
    if (
      !cyrillic &&
      raw.length > 2 &&
      isApostrophe(raw.charCodeAt(raw.length - 2)) &&
      raw.endsWith('s')
    ) {
      raw = raw.slice(0, -2);
    }
    const gapBefore = classifyGap(text.slice(prev ? prev.end : 0, start), prev);
    if (gapBefore === GAP_BOUNDARY && prev) sentence++;
    const lower = raw.toLowerCase();
    const title = raw[0] !== lower[0];
    let allCaps = false;
    if (title && raw.length >= 2) {
      const letters = raw.includes('.') ? raw.replaceAll('.', '') : raw;
      allCaps = letters.length >= 2 && raw === raw.toUpperCase();
    }
    const tok: Token = {
      start,
      end,
      raw,
      norm: normLower(lower, cyrillic),
      cyrillic,
      title,
      allCaps,
      gapBefore,
      sentenceStart: gapBefore === GAP_BOUNDARY,
      sentence,
    };
    out.push(tok);
    prev = tok;
  }
  return out;
}

/** Title case with a lower-case second letter: Того, Chad (not ТОГО, not того). */
export function isTitleWord(t: Token): boolean {
  return t.title && !t.allCaps;
}

/** Cyrillic letter (Russian and Kazakh) → its Latin spelling in names; see `transliterate`. */
export const CYRILLIC_LATIN: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  ә: 'a',
  ғ: 'g',
  қ: 'k',
  ң: 'n',
  ө: 'o',
  ұ: 'u',
  ү: 'u',
  һ: 'h',
  і: 'i',
};

/**
 * Latin transliteration of a Cyrillic (Russian or Kazakh) name, keeping capitals:
 * BGN/PCGN romanisation of Russian without diacritics (е → ye at the start of a
 * word and after a vowel, ё → yo, ы → y, х → kh, ц → ts, щ → shch, ъ ь dropped),
 * except й → i (Kairat, Aidarbekov: how English writes Central Asian names), with
 * the Kazakh letters ә → a, ғ → g, қ → k, ң → n, ө → o, ұ ү → u,
 * һ → h, і → i (the spellings English texts use: Nurtleu, Kairat).
 */
export function transliterate(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    const lower = ch.toLowerCase();
    let t = CYRILLIC_LATIN[lower === 'ё' ? 'е' : lower];
    if (t === undefined) {
      out += ch;
      continue;
    }
    const prevCh = i > 0 ? (s[i - 1] as string).toLowerCase() : ' ';
    // Е is "ye" at the start of a word and after a vowel (Ермек → Yermek,
    // Абдылдаев → Abdyldayev), ё is "yo".
    if (lower === 'е' && (!/[а-яёәғқңөұүһі]/.test(prevCh) || /[аеёиоуыэюяәөұүіъь]/.test(prevCh)))
      t = 'ye';
    if (lower === 'ё') t = 'yo';
    if (ch !== lower && t.length > 0) t = (t[0] as string).toUpperCase() + t.slice(1);
    out += t;
  }
  return out;
}

/** ASCII slug: lower case, dashes (the id rule for ministers). */
export function slugify(name: string): string {
  const latin = /[\u0400-\u052f]/.test(name) ? transliterate(name) : name;
  return normWord(latin)
    .replace(/[.'’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
