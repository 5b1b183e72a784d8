/**
 * The extraction pipeline: tokenise once, look every token up in the
 * compiled lexicon, match the longest phrase at each position (countries,
 * blockers, minister names), find role titles, decide which ministers the
 * text really presents as foreign ministers, and discover foreign ministers
 * that the gazetteer lacks from title patterns.
 */
import { type ChineseFindings, type GlossedName, scanChinese } from './chinese.js';
import {
  gazetteer,
  isParticle,
  knownMinister,
  type MinisterRecord,
  ministerByEnglishName,
  ministersOf,
  P_BLOCK,
  P_COUNTRY,
  P_MINISTER,
  P_SURNAME,
  P_TITLED,
  type Phrase,
  surelyInOffice,
  W_COUNTRY,
  W_PERSON,
} from './gazetteer.js';
import {
  ANY_PORTFOLIO,
  findRoles,
  isRoleWord,
  ROLE_DEPUTY,
  ROLE_FM,
  ROLE_MINISTER,
  ROLE_OTHER,
  type RoleSpan,
} from './roles.js';
import {
  GAP_BOUNDARY,
  GAP_DASH,
  GAP_HYPHEN,
  GAP_PUNCT,
  GAP_SPACE,
  isTitleWord,
  slugify,
  type Token,
  tokenize,
  transliterate,
} from './text.js';
import type { Entities, MinisterInfo, TitleOnly } from './types.js';

interface Mention {
  start: number;
  end: number;
  minister: number;
  titled: boolean;
  /** Other gazetteer ministers the same words may stand for (same surname). */
  alternatives: readonly number[];
}

/** What a title says about a gazetteer minister named next to it. */
const V_NONE = 0;
/** A title of the minister's own office (or one that fits any: "Secretary Austin"). */
const V_MATCH = 1;
/** Another office: president, ambassador, deputy, another portfolio, a former minister. */
const V_OTHER = 2;
/**
 * "Secretary Albright": a title that fits any US department, and that former
 * secretaries keep as a courtesy, so it counts only while the person is in office.
 */
const V_COURTESY = 3;

const { lexicon, wordFlags, phrasesByFirst, ministers } = gazetteer;

// Tie-break between phrases of equal length: explicit exclusions first.
const KIND_PRIORITY: Record<number, number> = {
  [P_BLOCK]: 5,
  [P_MINISTER]: 4,
  [P_COUNTRY]: 3,
  [P_SURNAME]: 2,
  [P_TITLED]: 1,
};

function bestPhrase(
  tokens: readonly Token[],
  words: readonly (readonly number[])[],
  i: number,
): Phrase | undefined {
  let best: Phrase | undefined;
  for (const w of words[i] as readonly number[]) {
    const list = phrasesByFirst.get(w);
    if (!list) continue;
    for (const p of list) {
      const len = p.words.length;
      if (
        best &&
        (len < best.words.length ||
          (len === best.words.length &&
            (KIND_PRIORITY[p.kind] ?? 0) <= (KIND_PRIORITY[best.kind] ?? 0)))
      ) {
        continue;
      }
      let ok = i + len <= tokens.length;
      for (let k = 1; ok && k < len; k++) {
        const t = tokens[i + k] as Token;
        ok =
          t.gapBefore !== GAP_BOUNDARY &&
          t.gapBefore !== GAP_PUNCT &&
          (words[i + k] as readonly number[]).includes(p.words[k] as number);
      }
      if (ok) best = p;
    }
  }
  return best;
}

const LANGUAGE_NOUN = /^(?:язык|language|тіл)/;
const ARABIC_ARTICLE = /^(?:al|el|ал|аль|әл|әль)$/;

/** An adjective that names a language or sits in a language menu is not a country mention. */
function skipAdjective(tokens: readonly Token[], start: number, end: number): boolean {
  const t = tokens[start] as Token;
  // An Arabic family name made from a country (Al-Kuwaiti, аль-Кувейти) names a person.
  if (t.gapBefore === GAP_HYPHEN && ARABIC_ARTICLE.test(tokens[start - 1]?.norm ?? '')) return true;
  const next = tokens[end];
  if (next && next.gapBefore !== GAP_BOUNDARY && LANGUAGE_NOUN.test(next.norm)) return true;
  const prev = tokens[start - 1];
  const sameLinePrev = prev !== undefined && t.gapBefore !== GAP_BOUNDARY ? prev : undefined;
  const sameLineNext = next !== undefined && next.gapBefore !== GAP_BOUNDARY ? next : undefined;
  if (t.cyrillic && !sameLinePrev?.cyrillic && !sameLineNext?.cyrillic) return true; // "English Español Русский"
  if (!t.cyrillic && prev?.norm === 'in' && (!next || next.gapBefore >= GAP_PUNCT)) return true; // "in Russian."
  return false;
}

const PREPOSITIONS = new Set([
  'в',
  'во',
  'из',
  'на',
  'с',
  'со',
  'к',
  'у',
  'от',
  'до',
  'по',
  'при',
  'о',
  'об',
  'за',
  'in',
  'at',
  'from',
  'to',
  'of',
  'for',
  'on',
  'by',
]);
const HONORIFICS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'sheikh',
  'shaikh',
  'prince',
  'sayyid',
  'he',
  'h.e.',
  'excellency',
  'господин',
  'госпожа',
  'господина',
  'госпожи',
  'господином',
  'г-н',
  'доктор',
  'доктора',
  'принц',
  'принца',
  'принцу',
  'принцем',
  'шейх',
  'шейха',
  'шейху',
  'шейхом',
  'мырза',
  'ханым',
]);

/**
 * A surname alone must not be another person's: "Асқар Абдрахманов" (a
 * spokesman) is not Kairat Abdrakhmanov, "А. Абдрахманов" neither.
 */
function firstNameOk(
  tokens: readonly Token[],
  words: readonly (readonly number[])[],
  i: number,
  rec: MinisterRecord,
): boolean {
  const prev = tokens[i - 1];
  const cur = tokens[i] as Token;
  if (!prev || cur.gapBefore !== GAP_SPACE) return true;
  const prevWords = words[i - 1] as readonly number[];
  if (prevWords.some((w) => rec.nameWords.has(w))) return true;
  // A patronymic or middle name after the known first name: "Beibut Bakirovich Atamkulov".
  const prev2 = tokens[i - 2];
  if (prev2 && prev.gapBefore === GAP_SPACE && isTitleWord(prev)) {
    if ((words[i - 2] as readonly number[]).some((w) => rec.nameWords.has(w))) return true;
  }
  if (prev.raw.length === 1 || (prev.raw.includes('.') && prev.raw.length <= 4)) {
    return rec.initials.has(prev.norm.slice(0, 1));
  }
  if (!isTitleWord(prev) || prev.sentenceStart) return true;
  if (prevWords.some((w) => ((wordFlags[w] ?? 0) & W_COUNTRY) !== 0)) return true;
  if (isRoleWord(prev.norm) || HONORIFICS.has(prev.norm)) return true;
  // A known first name of somebody else, or an unknown capitalised word that
  // does not follow a preposition (as a city would: "В Москве Лавров …").
  if (prevWords.some((w) => ((wordFlags[w] ?? 0) & W_PERSON) !== 0)) return false;
  return prev2 !== undefined && prev.gapBefore === GAP_SPACE && PREPOSITIONS.has(prev2.norm);
}

// Words allowed between a title and the name it belongs to.
const STATE_FORM =
  /^(?:республик|исламск|королевств|государств|федеративн|народн|демократическ|объединенн|арабск|султанат|эмират|содружеств|мемлекет|корольдіг|федерация|ислам|халық|демократия|(?:islamic|republic|kingdom|state|states|federal|federation|people|peoples|democratic|united|arab|sultanate|emirate|commonwealth|hashemite|plurinational|socialist|cooperative|federated|oriental|bolivarian|principality|grand|duchy)$)/;
const CONNECTORS = new Set(['of', 'the', 'for', 'and', 'to', 'in', 'и', 'мен', 'және', 'в']);
const AFTER_NAME_OK = new Set([
  'the',
  'a',
  'an',
  'newly',
  'appointed',
  'acting',
  'current',
  'new',
  'former',
  'then',
]);

// Words of an appointment between a name and the title it now holds.
const APPOINTED = new Set([
  'назначен',
  'назначена',
  'назначенный',
  'назначенная',
  'стал',
  'стала',
  'станет',
  'теперь',
  'тағайындалды',
  'was',
  'is',
  'has',
  'been',
  'appointed',
  'named',
  'becomes',
  'became',
  'as',
  'the',
  'new',
]);

export interface Context {
  text: string;
  tokens: Token[];
  words: (readonly number[])[];
  countryAt: Int32Array;
  spanCodes: string[];
  spanEnds: number[];
  roles: RoleSpan[];
  mentionAt: Int32Array;
  /** The text's date (YYYY-MM-DD) when known. */
  date: string | undefined;
}

function between(ctx: Context, from: number, to: number, mentionStart: number): boolean {
  if (to - from > 6) return false;
  for (let t = from; t < to; t++) {
    const tok = ctx.tokens[t] as Token;
    if (tok.gapBefore === GAP_BOUNDARY && t > from) return false;
    if ((ctx.countryAt[t] ?? 0) > 0) continue;
    if ((ctx.mentionAt[t] ?? 0) > 0) return false;
    if (
      STATE_FORM.test(tok.norm) ||
      CONNECTORS.has(tok.norm) ||
      HONORIFICS.has(tok.norm) ||
      isParticle(tok.norm)
    )
      continue;
    if (isTitleWord(tok) && t >= mentionStart - 3 && !isRoleWord(tok.norm)) continue;
    return false;
  }
  const at = ctx.tokens[to];
  return at === undefined || at.gapBefore !== GAP_BOUNDARY;
}

function onlyForAllows(r: RoleSpan, country: string | undefined): boolean {
  return (
    r.onlyFor === undefined || (country !== undefined && r.onlyFor.split('|').includes(country))
  );
}

function verdict(r: RoleSpan, rec: MinisterRecord): number {
  if (r.kind === ROLE_OTHER || r.kind === ROLE_DEPUTY) return V_OTHER;
  if (r.kind !== ROLE_FM && r.kind !== ROLE_MINISTER) return V_NONE;
  // "Foreign Secretary" of India is a civil servant: the title says nothing about this person.
  if (!onlyForAllows(r, rec.info.country)) return V_NONE;
  if (r.former) return V_OTHER;
  if (r.role === ANY_PORTFOLIO) return V_COURTESY;
  return r.role === rec.info.role ? V_MATCH : V_OTHER;
}

/**
 * Titles joined into one office ("заместителем премьер-министра – министром
 * иностранных дел", "Deputy Prime Minister and Foreign Minister"): the
 * person's own office among them decides.
 */
function joinedVerdict(ctx: Context, first: RoleSpan, rec: MinisterRecord): number {
  let v = verdict(first, rec);
  let prev = first;
  for (const r of ctx.roles) {
    if (r.start < prev.end || r === first) continue;
    if (!joinedOffices(ctx, prev, r)) break;
    if (verdict(r, rec) === V_MATCH) v = V_MATCH;
    prev = r;
  }
  return v;
}

const AND = /^(?:и|and|және)$/;
// A word that may qualify the second of two joined offices: "… and Alternate Prime Minister".
const OFFICE_QUALIFIER = /^(?:alternate|first|acting|deputy|вице|первый|первым|первого)$/;

/** Whether title `b` follows title `a` as part of one office: by a dash, or by "and" (+ a qualifier). */
function joinedOffices(ctx: Context, a: RoleSpan, b: RoleSpan): boolean {
  const link = ctx.tokens.slice(a.end, b.start);
  if (link.length === 0) return (ctx.tokens[b.start] as Token).gapBefore <= GAP_DASH;
  return (
    link.length <= 2 &&
    AND.test((link[0] as Token).norm) &&
    (link.length === 1 || OFFICE_QUALIFIER.test((link[1] as Token).norm)) &&
    link.every((t) => t.gapBefore === GAP_SPACE)
  );
}

/**
 * The titles before a name, joined into one office ("Foreign Minister and Alternate
 * Prime Minister Lapid", "Prime Minister and Minister of Defense Gantz"): the
 * person's own office among them decides, as in joinedVerdict.
 */
function chainVerdict(ctx: Context, last: RoleSpan, rec: MinisterRecord): number {
  const v = verdict(last, rec);
  if (v === V_MATCH) return v;
  let next = last;
  for (let k = ctx.roles.indexOf(last) - 1; k >= 0; k--) {
    const r = ctx.roles[k] as RoleSpan;
    if (!joinedOffices(ctx, r, next)) break;
    if (verdict(r, rec) === V_MATCH) return V_MATCH;
    next = r;
  }
  return v;
}

/** The title attached to a name: right before it, or right after it behind a comma or dash. */
function classify(ctx: Context, m: Mention, rec: MinisterRecord): number {
  const { roles, tokens } = ctx;
  let before: RoleSpan | undefined;
  let after: RoleSpan | undefined;
  for (const r of roles) {
    if (r.end <= m.start) before = r;
    else if (r.start >= m.end) {
      after = r;
      break;
    }
  }
  // An appointment names the office held from now on, whatever came before:
  // "бывший заместитель премьер-министра Ермек Кошербаев назначен министром …".
  const next = tokens[m.end] as Token | undefined;
  if (after && after.start - m.end <= 3) {
    // "X назначен министром иностранных дел", "X was appointed Foreign Minister".
    if (next && next.gapBefore === GAP_SPACE && APPOINTED.has(next.norm)) {
      let ok = true;
      for (let t = m.end; t < after.start && ok; t++) {
        const tok = tokens[t] as Token;
        ok =
          tok.gapBefore !== GAP_BOUNDARY &&
          (APPOINTED.has(tok.norm) || (ctx.countryAt[t] ?? 0) > 0);
      }
      if (ok && (tokens[after.start] as Token).gapBefore !== GAP_BOUNDARY)
        return joinedVerdict(ctx, after, rec);
    }
  }
  if (before && (tokens[before.start] as Token).sentence === (tokens[m.start] as Token).sentence) {
    if (between(ctx, before.end, m.start, m.start)) return chainVerdict(ctx, before, rec);
  }
  if (after && after.start - m.end <= 3) {
    const gap = (tokens[m.end] as Token | undefined)?.gapBefore;
    if (gap === GAP_PUNCT || gap === GAP_DASH) {
      let ok = true;
      for (let t = m.end; t < after.start && ok; t++) {
        const tok = tokens[t] as Token;
        ok =
          tok.gapBefore !== GAP_BOUNDARY &&
          ((ctx.countryAt[t] ?? 0) > 0 || AFTER_NAME_OK.has(tok.norm));
      }
      if (ok && (tokens[after.start] as Token).gapBefore !== GAP_BOUNDARY)
        return verdict(after, rec);
    }
  }
  return V_NONE;
}

/** A title of the minister's office earlier in the same sentence with no other title in between. */
function sentenceAffirms(ctx: Context, m: Mention, rec: MinisterRecord): boolean {
  const sentence = (ctx.tokens[m.start] as Token).sentence;
  let affirmed = false;
  for (const r of ctx.roles) {
    if (r.end > m.start) break;
    if ((ctx.tokens[r.start] as Token).sentence !== sentence) continue;
    const v = verdict(r, rec);
    if (v === V_MATCH || v === V_COURTESY) affirmed = true;
    else if (v === V_OTHER) affirmed = false;
  }
  return affirmed;
}

// ---- discovery of ministers missing from the gazetteer

const NAME_STOPWORDS = new Set([
  'в',
  'на',
  'по',
  'с',
  'и',
  'а',
  'о',
  'у',
  'к',
  'об',
  'от',
  'до',
  'за',
  'из',
  'не',
  'но',
  'он',
  'она',
  'они',
  'мы',
  'это',
  'как',
  'the',
  'a',
  'an',
  'in',
  'on',
  'at',
  'for',
  'and',
  'with',
  'by',
  'to',
  'of',
  'it',
  'he',
  'she',
  'they',
  'this',
  'that',
  'his',
  'her',
  'their',
  'mfa',
  'мид',
  'тасс',
  'риа',
  'twitter',
  'telegram',
  'facebook',
  'monday',
  'before',
  'after',
  'during',
  'their',
  'its',
  'our',
  'about',
  'from',
  'today',
  'yesterday',
  'said',
  'says',
  'affairs',
]);

const RU_CASE: Record<string, string> = {
  министра: 'gen',
  министров: 'gen',
  главы: 'gen',
  глав: 'gen',
  руководителя: 'gen',
  руководителей: 'gen',
  госсекретаря: 'gen',
  государственного: 'gen',
  министру: 'dat',
  министрам: 'dat',
  главе: 'dat',
  главам: 'dat',
  руководителю: 'dat',
  госсекретарю: 'dat',
  государственному: 'dat',
  главу: 'gen',
  министром: 'ins',
  министрами: 'ins',
  главой: 'ins',
  главами: 'ins',
  руководителем: 'ins',
  руководителями: 'ins',
  госсекретарем: 'ins',
  государственным: 'ins',
  министре: 'prep',
};

const CONSONANT = '[бвгджзйклмнпрстфхцчшщ]';
const RU_UNINFLECT: Record<string, Array<[RegExp, string]>> = {
  gen: [
    [/(ов|ев|ин|ын)а$/, '$1'],
    [new RegExp(`(${CONSONANT})а$`), '$1'],
    [/([аеиоуэюя])я$/, '$1й'],
    [new RegExp(`(${CONSONANT})я$`), '$1ь'],
    [/ы$/, 'а'],
    [/([гкх])и$/, '$1а'],
  ],
  dat: [
    [new RegExp(`(${CONSONANT})у$`), '$1'],
    [/([аеиоуэюя])ю$/, '$1й'],
    [new RegExp(`(${CONSONANT})ю$`), '$1ь'],
    [new RegExp(`(${CONSONANT})е$`), '$1а'],
  ],
  ins: [
    [/(ов|ев|ин|ын)ым$/, '$1'],
    [new RegExp(`(${CONSONANT})ом$`), '$1'],
    [/([аеиоуэюя])ем$/, '$1й'],
    [new RegExp(`(${CONSONANT})ем$`), '$1'],
    [new RegExp(`(${CONSONANT})ой$`), '$1а'],
    [/ей$/, 'я'],
  ],
  prep: [[new RegExp(`(${CONSONANT})е$`), '$1']],
};
// Case endings a Kazakh text puts on a foreign name (Фиданмен, Саармен). The
// locative -да/-де is left out: names such as Окада end in it.
const KK_NAME_SUFFIX =
  /(?:мен|пен|бен|ның|нің|дың|дің|тың|тің|ға|ге|қа|ке|ны|ні|ды|ді|ты|ті|дан|ден|тан|тен|нан|нен)$/;

function uninflect(raw: string, grammaticalCase: string): string {
  const rules = RU_UNINFLECT[grammaticalCase];
  if (!rules) return raw;
  const lower = raw.toLowerCase();
  for (const [re, rep] of rules) {
    if (!re.test(lower)) continue;
    const fixed = lower.replace(re, rep);
    return raw.slice(0, 1) + fixed.slice(1);
  }
  return raw;
}

function titleCase(s: string): string {
  return s
    .split(/([\s-]+)/)
    .map((part) => (part.length > 0 ? (part[0] as string).toUpperCase() + part.slice(1) : part))
    .join('');
}

/** Country of a title: inside it, right after it (Russian, "of X") or right before it. */
/** "Foreign Minister Rimbink Pato of Papua New Guinea": the country after the name. */
function countryAfterName(ctx: Context, nameEnd: number): string | undefined {
  let k = nameEnd;
  if (ctx.tokens[k]?.norm !== 'of' || ctx.tokens[k]?.gapBefore !== GAP_SPACE) return undefined;
  k++;
  if (ctx.tokens[k]?.norm === 'the') k++;
  const span = ctx.countryAt[k] ?? 0;
  return span > 0 && (ctx.tokens[k] as Token).gapBefore === GAP_SPACE
    ? ctx.spanCodes[span - 1]
    : undefined;
}

function titleCountry(
  ctx: Context,
  r: RoleSpan,
): { code: string | undefined; nameFrom: number; after?: boolean } {
  const { tokens, countryAt, spanCodes, spanEnds } = ctx;
  let j = r.end;
  let skipped = 0;
  while (j < tokens.length && skipped < 4) {
    const t = tokens[j] as Token;
    if (t.gapBefore === GAP_BOUNDARY) break;
    const span = countryAt[j] ?? 0;
    if (span > 0) {
      const code = spanCodes[span - 1];
      let k = spanEnds[span - 1] ?? j + 1;
      // "Республики Корея", "Исламской Республики Иран", "Kingdom of Saudi Arabia".
      while (
        k < tokens.length &&
        ((countryAt[k] ?? 0) > 0 || STATE_FORM.test((tokens[k] as Token).norm))
      ) {
        if ((tokens[k] as Token).gapBefore === GAP_BOUNDARY) break;
        k++;
      }
      return { code, nameFrom: k, after: true };
    }
    // "министр иностранных дел и внешнеэкономических связей Венгрии", "Foreign Minister of the …"
    if (
      STATE_FORM.test(t.norm) ||
      CONNECTORS.has(t.norm) ||
      (!t.title && skipped > 0) ||
      (t.norm === 'и' && skipped === 0)
    ) {
      j++;
      skipped++;
      continue;
    }
    break;
  }
  if (r.countryInside) return { code: r.countryInside, nameFrom: r.end };
  // Before the title: "Kyrgyz Foreign Minister", "Түркия Сыртқы істер министрі",
  // "Kazakh Deputy Prime Minister and Foreign Minister".
  let b = r.start - 1;
  let steps = 0;
  while (b >= 0 && steps < 6) {
    const t = tokens[b] as Token;
    // "Riga, Latvia ⏎ FOREIGN MINISTER LAPID", "visit the United States, the commerce minister".
    if ((tokens[b + 1] as Token).gapBefore >= GAP_PUNCT) break;
    const span = countryAt[b] ?? 0;
    if (span > 0) return { code: spanCodes[span - 1], nameFrom: r.end };
    if (
      !/^(?:deputy|prime|minister|and|first|acting|the|former|new|newly|appointed|премьер|министрінің|орынбасары|республикасының|мемлекетінің|корольдігінің)$/.test(
        t.norm,
      ) &&
      !STATE_FORM.test(t.norm)
    )
      break;
    b--;
    steps++;
  }
  return { code: undefined, nameFrom: r.end };
}

interface Captured {
  start: number;
  end: number;
  parts: string[];
}

// Capitals and large cities that follow a name in Kazakh and Russian word
// order ("… Богдан Ауреску Астанаға келді"); they end a captured name.
const CITY_STEMS =
  /^(?:астан|алмат|мәскеу|москв|бейжің|пекин|вашингтон|ташкент|бішкек|бишкек|душанбе|ашхабад|ашгабат|баку|анкар|тегеран|стамбул|ыстамбұл|женев|брюссел|берлин|париж|лондон|рим|токио|сеул|дели|исламабад|кабул|минск|киев|ереван|тбилиси|нью|шымкент|түркістан|самарканд|astana|almaty|moscow|beijing|washington|tashkent|bishkek|dushanbe|ashgabat|baku|ankara|tehran|istanbul|geneva|brussels|berlin|paris|london|rome|tokyo|seoul|delhi|new)/;

function captureName(ctx: Context, from: number, kazakh = false): Captured | undefined {
  const { tokens, countryAt, mentionAt } = ctx;
  let i = from;
  const first = tokens[i];
  if (!first) return undefined;
  if (first.gapBefore === GAP_BOUNDARY) return undefined;
  if (first.gapBefore === GAP_PUNCT) {
    // Only an appositive comma may separate title and name.
    const prev = tokens[i - 1];
    if (!prev || !/^\s*,\s*$/.test(ctx.text.slice(prev.end, first.start))) return undefined;
  }
  while (i < tokens.length && HONORIFICS.has((tokens[i] as Token).norm)) i++;
  const start = i;
  const parts: string[] = [];
  while (i < tokens.length && parts.length < 5) {
    const t = tokens[i] as Token;
    if (i > start && t.gapBefore !== GAP_SPACE && t.gapBefore !== GAP_HYPHEN) break;
    if ((mentionAt[i] ?? 0) > 0) return undefined; // a gazetteer minister is named here
    if (
      (countryAt[i] ?? 0) > 0 ||
      isRoleWord(t.norm) ||
      NAME_STOPWORDS.has(t.norm) ||
      CITY_STEMS.test(t.norm)
    )
      break;
    // Kazakh names stay short: a fourth word with a case ending is the verb's object.
    if (kazakh && parts.length >= 3 && KK_NAME_SUFFIX.test(t.norm)) break;
    const particle = isParticle(t.norm) && isTitleWord(tokens[i + 1] ?? t);
    if (!particle && (!isTitleWord(t) || t.raw.length < 2)) break;
    parts.push((t.gapBefore === GAP_HYPHEN && i > start ? '-' : ' ') + t.raw);
    i++;
  }
  const real = parts.filter((p) => !isParticle(p.trim().toLowerCase()));
  if (real.length < 2) return undefined;
  return { start, end: i, parts };
}

/**
 * Sentences written in Title Case (English headlines): there every word looks
 * like a name, so discovery would take "Discussed Strategic Partnership" for one.
 */
function titleCaseSentences(ctx: Context): Set<number> {
  const stats = new Map<number, [number, number]>();
  ctx.tokens.forEach((t, i) => {
    if (
      t.cyrillic ||
      t.raw.length < 4 ||
      (ctx.countryAt[i] ?? 0) > 0 ||
      (ctx.mentionAt[i] ?? 0) > 0
    )
      return;
    if (isRoleWord(t.norm)) return;
    const s = stats.get(t.sentence) ?? [0, 0];
    s[0]++;
    if (t.title) s[1]++;
    stats.set(t.sentence, s);
  });
  const out = new Set<number>();
  for (const [sentence, [all, title]] of stats)
    if (all >= 3 && title / all >= 0.75) out.add(sentence);
  return out;
}

function discover(
  ctx: Context,
  lang: string | undefined,
  found: Map<string, MinisterInfo>,
  titleOnly: TitleOnly[],
): void {
  let headlines: Set<number> | undefined;
  for (const r of ctx.roles) {
    if (r.kind !== ROLE_FM && r.kind !== ROLE_MINISTER) continue;
    // "Secretary Smith" says neither the department nor, by itself, the country.
    if (r.role === undefined || r.role === ANY_PORTFOLIO || r.former) continue;
    headlines ??= titleCaseSentences(ctx);
    if (headlines.has((ctx.tokens[r.start] as Token).sentence)) continue;
    const where = titleCountry(ctx, r);
    let { code, nameFrom } = where;
    if (!where.after) {
      const first = captureName(ctx, nameFrom);
      code = (first && countryAfterName(ctx, first.end)) ?? code;
    }
    // A Kazakh title without a country is a Kazakh minister ("Экология … министрі Зүлфия Сүлейменова").
    if (code === undefined && r.lang === 'kk' && r.kind === ROLE_MINISTER) code = 'KZ';
    if (code === undefined || !onlyForAllows(r, code)) continue;
    // A plural title names several people: only the Russian list form "главами
    // ведомств Турции Хаканом Фиданом, Малайзии …" is followed name by name.
    if (r.plural && r.lang !== 'ru') continue;
    // "former Secretary of State Madeleine Albright", "бывший министр …"
    let b = r.start - 1;
    while (b >= 0 && (ctx.countryAt[b] ?? 0) > 0) b--;
    const before = ctx.tokens[b];
    if (before && /^(?:former|ex|late|бывш|экс|бұрынғы)/.test(before.norm)) continue;
    const head = (ctx.tokens[r.start] as Token).norm;
    const grammaticalCase = r.lang === 'ru' ? (RU_CASE[head] ?? 'nom') : 'nom';
    const role = r.role;
    // A list may follow: "… ведомств Турции Хаканом Фиданом, Малайзии Мохамадом Хасаном".
    for (let guard = 0; guard < 12; guard++) {
      const name = captureName(ctx, nameFrom, r.lang === 'kk');
      if (name && !(r.plural && guard === 0 && nameFrom === r.end))
        addDiscovered(ctx, name, { code, role, title: r, grammaticalCase }, lang, found);
      else if (!name && guard === 0 && !r.plural && standsAlone(ctx, r, nameFrom))
        titleOnly.push({ code, role });
      let after = name ? name.end : nameFrom;
      // A gazetteer minister in the list: continue after the name.
      const mention = ctx.mentionAt[after] ?? 0;
      while (mention > 0 && (ctx.mentionAt[after] ?? 0) === mention) after++;
      const next = ctx.tokens[after];
      if (!next || next.gapBefore === GAP_BOUNDARY) break;
      let k = after;
      if (next.norm === 'и' || next.norm === 'and') k++;
      else if (next.gapBefore !== GAP_PUNCT) break;
      const span = ctx.countryAt[k] ?? 0;
      if (span === 0 || (ctx.tokens[k] as Token).gapBefore === GAP_BOUNDARY) break;
      code = ctx.spanCodes[span - 1];
      nameFrom = ctx.spanEnds[span - 1] ?? k + 1;
      if (code === undefined) break;
    }
  }
}

// Before a title: an office someone takes or may take, not one held ("nominated as
// Secretary of State", "назначен министром", "кандидат на пост главы МИД").
const OFFICE_TO_COME =
  /^(?:as|become|becomes|became|becoming|next|future|nominee|nominated|candidate|whoever|назначен\S*|назначить|назначении|стать|станет|стал|стала|пост|поста|должность|должности|кандидат\S*|будущ\S*)$/;
// After a title: "Secretary of Foreign Affairs and Trade Chris Seed" (a longer office and a
// name), "Secretary of State-designate", "Сыртқы істер министрі болып тағайындалды".
const AFTER_LONE_TITLE = /^(?:and|of|for|designate|nominee|болып|етіп)$/;

/** A title that stands for the office's holder: no name after it, no appointment around it. */
function standsAlone(ctx: Context, r: RoleSpan, nameFrom: number): boolean {
  const next = ctx.tokens[nameFrom];
  if (next && next.gapBefore !== GAP_BOUNDARY) {
    // A capitalised word is a name, even one too short to capture ("Secretary … Seed").
    if (isTitleWord(next) || (ctx.mentionAt[nameFrom] ?? 0) > 0) return false;
    if (AFTER_LONE_TITLE.test(next.norm)) return false;
  }
  for (let b = r.start - 1, seen = 0; b >= 0 && seen < 3; b--) {
    const t = ctx.tokens[b] as Token;
    if ((ctx.tokens[b + 1] as Token).gapBefore === GAP_BOUNDARY) break;
    if ((ctx.countryAt[b] ?? 0) > 0 || t.norm === 'the') continue;
    if (OFFICE_TO_COME.test(t.norm)) return false;
    seen++;
  }
  return true;
}

interface FoundTitle {
  code: string;
  role: string;
  title: RoleSpan;
  grammaticalCase: string;
}

// A name ending in an instrumental the title did not announce ("… с Ле Хоай Чунгом").
const RU_INSTRUMENTAL_NAME = /[бвгджзклмнпрстфхцчшщ](?:ом|ым)$/;

function addDiscovered(
  ctx: Context,
  name: Captured,
  t: FoundTitle,
  lang: string | undefined,
  found: Map<string, MinisterInfo>,
): void {
  const r = t.title;
  const kazakh = r.lang === 'kk' || lang === 'kk';
  const words = name.parts.map((p) => p.trim());
  const last = (words[words.length - 1] ?? '').toLowerCase();
  const grammaticalCase =
    r.lang === 'ru' && t.grammaticalCase === 'nom' && RU_INSTRUMENTAL_NAME.test(last)
      ? 'ins'
      : t.grammaticalCase;
  const lemmaWords = words.map((w, idx) => {
    if (!/[\u0400-\u04ff]/.test(w)) return w;
    let out = r.lang === 'ru' ? uninflect(w, grammaticalCase) : w;
    if (r.lang === 'kk' && idx === words.length - 1) {
      const stripped = out.replace(KK_NAME_SUFFIX, '');
      if (stripped.length >= 3) out = stripped;
    }
    return out;
  });
  let lemma = '';
  lemmaWords.forEach((w, idx) => {
    const sep = (name.parts[idx] as string).startsWith('-') ? '-' : ' ';
    lemma += idx === 0 ? w : sep + w;
  });
  // Known under another spelling or script: the gazetteer's id, never a new one.
  const known =
    knownMinister(lemma, t.code, ctx.date) ?? knownMinister(words.join(' '), t.code, ctx.date);
  if (known !== undefined) {
    const info = (ministers[known] as MinisterRecord).info;
    // The gazetteer knows this person in another office: the title is not theirs to judge by.
    if (info.role === t.role && !found.has(info.id)) found.set(info.id, info);
    return;
  }
  const cyrillic = /[\u0400-\u04ff]/.test(lemma);
  const en = cyrillic ? titleCase(transliterate(lemma).toLowerCase()) : lemma;
  const id = slugify(en);
  if (!id || found.has(id)) return;
  const names: MinisterInfo['names'] = { en };
  if (cyrillic) {
    if (kazakh) names.kk = lemma;
    else names.ru = lemma;
  }
  found.set(id, { id, names, country: t.code, role: t.role, discovered: true });
}

// ---- the whole pipeline

/** Debug hook for development scripts: called with each country match and its surface text. */
export type Trace = (what: string, surface: string, value: string) => void;

/** A Chinese title with a Latin gloss: the gazetteer's person, or a new one named by the gloss. */
function addGlossed(g: GlossedName, when: TextDate, found: Map<string, MinisterInfo>): void {
  if (g.role === '') return;
  const known =
    ministerByEnglishName(g.gloss) ??
    (g.country === undefined ? undefined : knownMinister(g.gloss, g.country, when.date));
  if (known !== undefined) {
    const info = (ministers[known] as MinisterRecord).info;
    if (!found.has(info.id)) found.set(info.id, info);
    return;
  }
  const id = slugify(g.gloss);
  // A surname alone ("Blinken") is too little to name a new person by.
  if (g.country === undefined || !g.gloss.includes(' ') || found.has(id)) return;
  found.set(id, {
    id,
    names: { en: g.gloss, zh: g.zh },
    country: g.country,
    role: g.role,
    discovered: true,
  });
}

/** When the text was written: the day if known, else the year. */
export interface TextDate {
  date?: string | undefined;
  year?: number | undefined;
}

/** Whether the minister was in office at some time of that day or year. */
function inOffice(rec: MinisterRecord, when: TextDate): boolean | undefined {
  const days = daysOf(when);
  if (days === undefined) return undefined;
  return rec.terms.some((t) => t.from <= days.last && (t.to === null || t.to >= days.first));
}

/** The first and last day the text's date may be: the day itself, or its whole year. */
function daysOf(when: TextDate): { first: string; last: string } | undefined {
  if (when.date !== undefined) return { first: when.date, last: when.date };
  if (when.year === undefined) return undefined;
  return { first: `${when.year}-01-01`, last: `${when.year}-12-31` };
}

/**
 * A title without a name stands for the one minister of that office in
 * office at the text's date, as a reader takes it ("глава МИД Китая" in 2024
 * is Wang Yi). Nobody is named when the date is unknown, when two people held
 * the office then (a change of minister that year), or when the text already
 * names a minister of that office by name.
 */
function addIncumbents(
  titles: readonly TitleOnly[],
  when: TextDate,
  found: Map<string, MinisterInfo>,
): void {
  const days = daysOf(when);
  if (days === undefined) return;
  for (const { code, role } of titles) {
    const named = [...found.values()].some((m) => m.country === code && m.role === role);
    if (named) continue;
    // One holder surely in office then, and nobody else possibly so.
    const possible = ministersOf(code).filter((idx) => {
      const rec = ministers[idx] as MinisterRecord;
      return rec.info.role === role && inOffice(rec, when);
    });
    const holder = possible.length === 1 ? ministers[possible[0] as number] : undefined;
    if (holder && surelyInOffice(holder, days.first, days.last))
      found.set(holder.info.id, holder.info);
  }
}

// "his Saudi counterpart", "со своим саудовским коллегой", "сауд әріптесімен": one person.
const COUNTERPART =
  /^(?:counterpart|коллега|коллегой|коллегою|коллеге|коллегу|әріптес|әріптесі|әріптесімен|әріптесіне|әріптесін|әріптесінің)$/;
const POSSESSIVE = /^(?:his|her|its|their|the|своим|своей|своего|своему|свою|своя|свой|өзінің|өз)$/;

/**
 * A counterpart of a minister the sentence names first, from a country: that
 * country's minister of the same office ("Tleuberdi will meet his Saudi
 * counterpart"). Resolved like any title without a name (addIncumbents).
 */
function counterparts(
  ctx: Context,
  mentions: readonly Mention[],
  found: ReadonlyMap<string, MinisterInfo>,
): TitleOnly[] {
  const out: TitleOnly[] = [];
  ctx.tokens.forEach((t, i) => {
    if (!COUNTERPART.test(t.norm)) return;
    let j = i - 1;
    while (j >= 0 && POSSESSIVE.test((ctx.tokens[j] as Token).norm)) j--;
    const span = ctx.countryAt[j] ?? 0;
    if (span === 0 || j < 0) return;
    const code = ctx.spanCodes[span - 1];
    const next = ctx.tokens[i + 1];
    if (code === undefined || (next && next.gapBefore !== GAP_BOUNDARY && isTitleWord(next)))
      return;
    // The office of the one whose counterpart this is: the nearest minister or title before.
    let role: string | undefined;
    for (let k = j - 1; k >= 0 && role === undefined; k--) {
      const tok = ctx.tokens[k] as Token;
      if (tok.sentence !== t.sentence) break;
      const mention = mentions[(ctx.mentionAt[k] ?? 0) - 1];
      const info = mention && (ministers[mention.minister] as MinisterRecord).info;
      if (info && found.get(info.id) === info && info.country !== code) role = info.role;
      const r = ctx.roles.find((x) => x.start <= k && k < x.end);
      if (r && !r.plural && !r.former && (r.kind === ROLE_FM || r.kind === ROLE_MINISTER))
        role = r.role === ANY_PORTFOLIO ? undefined : r.role;
    }
    if (role !== undefined) out.push({ code, role });
  });
  return out;
}

/**
 * One person for a name several gazetteer ministers share (two foreign ministers
 * called Kim): the one whose country the text names, else the one in office
 * then; undefined when that still leaves more than one.
 */
function resolveNamesake(
  m: Mention,
  countries: ReadonlySet<string>,
  when: TextDate,
): number | undefined {
  if (m.alternatives.length === 0) return m.minister;
  let candidates = [m.minister, ...m.alternatives];
  const named = candidates.filter((c) =>
    countries.has((ministers[c] as MinisterRecord).info.country),
  );
  if (named.length > 0) candidates = named;
  if (candidates.length > 1) {
    const current = candidates.filter(
      (c) => inOffice(ministers[c] as MinisterRecord, when) === true,
    );
    if (current.length > 0) candidates = current;
  }
  return candidates.length === 1 ? candidates[0] : undefined;
}

export function extract(
  text: string,
  lang: string | undefined,
  trace?: Trace,
  when: TextDate = {},
): Entities {
  const tokens = tokenize(text);
  const n = tokens.length;
  const words: (readonly number[])[] = new Array(n);
  for (let i = 0; i < n; i++) words[i] = lexicon.lookup(tokens, i);

  const countries = new Set<string>();
  const countryAt = new Int32Array(n);
  const mentionAt = new Int32Array(n);
  const spanCodes: string[] = [];
  const spanEnds: number[] = [];
  const mentions: Mention[] = [];

  for (let i = 0; i < n; ) {
    const p = bestPhrase(tokens, words, i);
    if (!p) {
      i++;
      continue;
    }
    const end = i + p.words.length;
    if (p.kind === P_COUNTRY) {
      if (!(p.adjective && skipAdjective(tokens, i, end))) {
        countries.add(p.code);
        trace?.(
          'country',
          text.slice((tokens[i] as Token).start, (tokens[end - 1] as Token).end),
          p.code,
        );
      }
      spanCodes.push(p.code);
      spanEnds.push(end);
      countryAt.fill(spanCodes.length, i, end);
    } else if (p.kind !== P_BLOCK) {
      // "Cho Hyun-dong" is not "Cho Hyun"; a surname needs its own first name.
      const longer = tokens[end]?.gapBefore === GAP_HYPHEN;
      const candidates = [p.minister, ...p.alternatives].filter(
        (c) =>
          p.kind === P_MINISTER || firstNameOk(tokens, words, i, ministers[c] as MinisterRecord),
      );
      const [first, ...alternatives] = candidates;
      if (longer || first === undefined) {
        i++;
        continue;
      }
      mentions.push({ start: i, end, minister: first, alternatives, titled: p.kind === P_TITLED });
      mentionAt.fill(mentions.length, i, end);
    }
    i = end;
  }

  const roles = findRoles(tokens, countryAt, (i) => spanCodes[(countryAt[i] ?? 0) - 1]);
  const ctx: Context = {
    text,
    tokens,
    words,
    countryAt,
    spanCodes,
    spanEnds,
    roles,
    mentionAt,
    date: when.date,
  };

  // minister index → [has a title of its office, has another title, has an untitled
  // mention, has a courtesy title ("Secretary X")]
  const evidence = new Map<number, [boolean, boolean, boolean, boolean]>();
  const note = (idx: number, v: number, weakMatch: boolean): void => {
    const rec = ministers[idx] as MinisterRecord;
    const e = evidence.get(idx) ?? [false, false, false, false];
    if (v === V_MATCH || (weakMatch && rec.requireContext)) e[0] = true;
    else if (v === V_OTHER) e[1] = true;
    else if (v === V_COURTESY) e[3] = true;
    else e[2] = true;
    evidence.set(idx, e);
  };
  for (const m of mentions) {
    const idx = resolveNamesake(m, countries, when);
    if (idx === undefined) continue;
    const rec = ministers[idx] as MinisterRecord;
    const v = classify(ctx, m, rec);
    if (m.titled && v !== V_MATCH && v !== V_COURTESY) continue;
    note(idx, v, v === V_NONE && sentenceAffirms(ctx, m, rec));
  }

  const zh: ChineseFindings = {
    countries,
    ministers: new Map<number, string[]>(),
    discovered: [],
    titleOnly: [],
  };
  scanChinese(text, zh);
  for (const [idx, titles] of zh.ministers) {
    const rec = ministers[idx] as MinisterRecord;
    for (const title of titles)
      note(idx, title === '' ? V_NONE : title === rec.info.role ? V_MATCH : V_OTHER, false);
  }

  const found = new Map<string, MinisterInfo>();
  for (const [idx, [titled, other, plain, courtesy]] of evidence) {
    const rec = ministers[idx] as MinisterRecord;
    // Better known in another office: a title of this office must be attached,
    // and no other title ("Special Presidential Envoy for Climate John Kerry").
    // Out of office when the text was written (a deputy minister then, say):
    // only an explicit title of the office makes the mention count.
    const outOfTerm = inOffice(rec, when) === false;
    const match = titled || (courtesy && !outOfTerm);
    const include = rec.requireContext || outOfTerm ? match && !other : match || (!other && plain);
    if (include) found.set(rec.info.id, rec.info);
  }
  const titleOnly: TitleOnly[] = [...zh.titleOnly];
  discover(ctx, lang, found, titleOnly);
  for (const z of zh.discovered) addGlossed(z, when, found);
  titleOnly.push(...counterparts(ctx, mentions, found));
  addIncumbents(titleOnly, when, found);

  return {
    countries: [...countries].sort(),
    ministers: [...found.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}
