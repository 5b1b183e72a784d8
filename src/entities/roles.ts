/**
 * Role titles around personal names: "министр иностранных дел", "глава МИД",
 * "Сыртқы істер министрі", "Foreign Minister", "Secretary of State" (foreign
 * minister), and the roles that make a name NOT a foreign minister
 * (president, prime minister, ambassador, spokesperson, deputy minister …).
 * Patterns are indexed by the first three letters of their first word, so a
 * token is tested only against the few patterns that can start with it.
 */
import { GAP_BOUNDARY, GAP_HYPHEN, type Token } from './text.js';

export const ROLE_FM = 1;
export const ROLE_OTHER = 2;
export const ROLE_DEPUTY = 3;
/** A minister of another portfolio (finance, defence …); `role` says which. */
export const ROLE_MINISTER = 4;

export const FOREIGN_MINISTER = 'foreign-minister';
/** A title that fits any portfolio ("Secretary Austin", "Secretary Blinken"). */
export const ANY_PORTFOLIO = '*';

export type RoleLang = 'ru' | 'kk' | 'en';

/** A word test, or a slot for one or more country tokens (Глава российского МИДа). */
type Matcher = RegExp | { country: 'optional' | 'required' };

interface RolePattern {
  keys: readonly string[];
  seq: readonly Matcher[];
  kind: number;
  lang: RoleLang;
  /** The office is a foreign ministry only for these countries ("US", "GB|MX"). */
  onlyFor?: string;
  /** Plural title ("министры иностранных дел"): affirms, never starts a discovery. */
  plural?: boolean;
  /** The role the title gives: foreign-minister, finance-minister, … or ANY_PORTFOLIO. */
  role?: string;
}

export interface RoleSpan {
  start: number;
  end: number;
  kind: number;
  lang: RoleLang;
  onlyFor: string | undefined;
  plural: boolean;
  /** Country named inside the title (Глава российского МИДа). */
  countryInside: string | undefined;
  /** foreign-minister for ROLE_FM, the portfolio for ROLE_MINISTER, ANY_PORTFOLIO, or undefined. */
  role: string | undefined;
  /** "former Foreign Minister", "бывший министр": the person is not in office. */
  former: boolean;
}

const W = (s: string): RegExp => new RegExp(`^(?:${s})$`);
const COUNTRY_OPT: Matcher = { country: 'optional' };
const COUNTRY_REQ: Matcher = { country: 'required' };

const MINISTER_SG = W('министр|министра|министру|министром|министре');
const MINISTER_PL = W('министры|министров|министрам|министрами|министрах');
const HEAD_SG = W('глава|главы|главе|главу|главой|главою');
const HEAD_PL = W('глав|главам|главами|главах');
const LEADER = W('руководитель|руководителя|руководителю|руководителем|руководителе');
const LEADER_PL = W('руководители|руководителей|руководителям|руководителями|руководителях');
const MFA = W('мид|мида|миду|мидом|миде');
const FOREIGN_POLICY = /^внешнеполитическ/;
const AGENCY = /^ведомств/;
const DIPAGENCY = /^дипведомств/;

/** Index keys: the first three letters of every alternative of the first word. */
function keysOf(first: RegExp): string[] {
  const alt = /^\^\(\?:(.*)\)\$$/.exec(first.source);
  if (alt) return [...new Set((alt[1] as string).split('|').map((w) => w.slice(0, 3)))];
  const plain = /^\^([^(\\[.|]{3})/.exec(first.source);
  if (plain) return [plain[1] as string];
  throw new Error(`cannot index role pattern ${first.source}`);
}

function p(
  seq: Matcher[],
  kind: number,
  lang: RoleLang,
  extra: Partial<RolePattern> = {},
): RolePattern {
  const first = seq[0];
  if (!(first instanceof RegExp)) throw new Error('role pattern must start with a word');
  const role = kind === ROLE_FM ? FOREIGN_MINISTER : undefined;
  return { keys: keysOf(first), seq, kind, lang, role, ...extra };
}

/** A minister of another portfolio. */
function m(seq: Matcher[], role: string, lang: RoleLang, extra: Partial<RolePattern> = {}) {
  return p(seq, ROLE_MINISTER, lang, { role, ...extra });
}

// Portfolio words after "министр" (genitive) and "глава Мин…" abbreviations.
const RU_PORTFOLIOS: Array<[Matcher[], string]> = [
  [[/^финансов$/], 'finance-minister'],
  [[/^обороны$/], 'defence-minister'],
  [[/^энергетики$/], 'energy-minister'],
  [[/^экономики$/], 'economy-minister'],
  [[/^национальной$/, /^экономики$/], 'economy-minister'],
  [[/^экономического$/, /^развития$/], 'economy-minister'],
  [[/^торговли$/], 'trade-minister'],
  [[/^коммерции$/], 'commerce-minister'],
  [[/^торговли$/, /^и$/, /^интеграции$/], 'trade-minister'],
  [[/^промышленности$/, /^и$/, /^торговли$/], 'trade-minister'],
  [[/^внешней$/, /^торговли$/], 'trade-minister'],
  [[/^промышленности$/], 'industry-minister'],
  [[/^внутренних$/, /^дел$/], 'interior-minister'],
  [[/^юстиции$/], 'justice-minister'],
  [[/^здравоохранения$/], 'health-minister'],
  [[/^образования$/], 'education-minister'],
  [[/^просвещения$/], 'education-minister'],
  [[/^науки$/, /^и$/, /^высшего$/, /^образования$/], 'education-minister'],
  [[/^сельского$/, /^хозяйства$/], 'agriculture-minister'],
  [[/^транспорта$/], 'transport-minister'],
  [[/^культуры$/], 'culture-minister'],
  [[/^труда$/], 'labour-minister'],
  [[/^экологии$/], 'environment-minister'],
  [[/^экологии$/, /^и$/, /^природных$/, /^ресурсов$/], 'environment-minister'],
  [[/^природных$/, /^ресурсов$/], 'environment-minister'],
  [[/^цифрового$/, /^развития$/], 'digital-development-minister'],
  [[/^информации$/], 'information-minister'],
  [[/^по$/, /^чрезвычайным$/, /^ситуациям$/], 'emergencies-minister'],
];
const RU_AGENCIES: Array<[RegExp, string]> = [
  [/^минфин/, 'finance-minister'],
  [/^минобороны$/, 'defence-minister'],
  [/^минэнерго$/, 'energy-minister'],
  [/^минэкономразвития$|^минэкономики$|^минэкономик/, 'economy-minister'],
  [/^минпромторг/, 'trade-minister'],
  [/^минюст/, 'justice-minister'],
  [/^минздрав/, 'health-minister'],
  [/^мвд$/, 'interior-minister'],
  [/^минсельхоз/, 'agriculture-minister'],
  [/^минтранс/, 'transport-minister'],
];
// Kazakh: "<portfolio> министрі".
const KK_PORTFOLIOS: Array<[Matcher[], string]> = [
  [[/^қаржы$/], 'finance-minister'],
  [[/^қорғаныс$/], 'defence-minister'],
  [[/^энергетика$/], 'energy-minister'],
  [[/^ұлттық$/, /^экономика$/], 'economy-minister'],
  [[/^экономика$/], 'economy-minister'],
  [[/^сауда$/, /^және$/, /^интеграция$/], 'trade-minister'],
  [[/^сауда$/], 'trade-minister'],
  [[/^өнеркәсіп$/, /^және$/, /^құрылыс$/], 'industry-minister'],
  [[/^ішкі$/, /^істер$/], 'interior-minister'],
  [[/^әділет$/], 'justice-minister'],
  [[/^денсаулық$/, /^сақтау$/], 'health-minister'],
  [[/^ауыл$/, /^шаруашылығы$/], 'agriculture-minister'],
  [[/^көлік$/], 'transport-minister'],
  [[/^мәдениет$/, /^және$/, /^ақпарат$/], 'culture-minister'],
  [[/^экология$/, /^және$/, /^табиғи$/, /^ресурстар$/], 'environment-minister'],
  [[/^экология$/], 'environment-minister'],
  [[/^еңбек$/, /^және$/, /^халықты$/, /^әлеуметтік$/, /^қорғау$/], 'labour-minister'],
];
// English: "<X> Minister", "Minister of/for <X>", US "Secretary of <X>" / "<X> Secretary".
const EN_PORTFOLIOS: Array<[string, string]> = [
  ['finance', 'finance-minister'],
  ['defence|defense', 'defence-minister'],
  ['energy', 'energy-minister'],
  ['economy', 'economy-minister'],
  ['trade', 'trade-minister'],
  ['commerce', 'commerce-minister'],
  ['interior|home', 'interior-minister'],
  ['justice', 'justice-minister'],
  ['health', 'health-minister'],
  ['education', 'education-minister'],
  ['agriculture', 'agriculture-minister'],
  ['transport', 'transport-minister'],
  ['environment', 'environment-minister'],
];
const US_DEPARTMENTS: Array<[Matcher[], string]> = [
  [[W('defense')], 'defence-minister'],
  [[W('the'), W('treasury')], 'finance-minister'],
  [[W('treasury')], 'finance-minister'],
  [[W('commerce')], 'commerce-minister'],
  [[W('energy')], 'energy-minister'],
  [[W('homeland'), W('security')], 'homeland-security-minister'],
  [[W('agriculture')], 'agriculture-minister'],
  [[W('transportation')], 'transport-minister'],
  [[W('the'), W('interior')], 'interior-minister'],
  [[W('health'), W('and'), W('human'), W('services')], 'health-minister'],
  [[W('labor')], 'labour-minister'],
  [[W('education')], 'education-minister'],
  [[W('veterans'), W('affairs')], 'veterans-affairs-minister'],
  [[W('housing'), W('and'), W('urban'), W('development')], 'housing-minister'],
];

function portfolioPatterns(): RolePattern[] {
  const out: RolePattern[] = [];
  for (const [words, role] of RU_PORTFOLIOS) {
    out.push(m([MINISTER_SG, ...words], role, 'ru'));
    out.push(m([MINISTER_PL, ...words], role, 'ru', { plural: true }));
  }
  for (const [agency, role] of RU_AGENCIES) {
    out.push(m([HEAD_SG, COUNTRY_OPT, agency], role, 'ru'));
    out.push(m([LEADER, COUNTRY_OPT, agency], role, 'ru'));
  }
  for (const [words, role] of KK_PORTFOLIOS) {
    out.push(m([...words, W('министрі|министр')], role, 'kk'));
  }
  for (const [word, role] of EN_PORTFOLIOS) {
    out.push(m([W(word), W('minister')], role, 'en'));
    out.push(m([W('minister'), W('of|for'), W(word)], role, 'en'));
    out.push(m([W('minister'), W('of|for'), W('the'), W(word)], role, 'en'));
    out.push(m([W('minister'), W('of|for'), W(word), W('affairs')], role, 'en'));
  }
  for (const [words, role] of US_DEPARTMENTS) {
    out.push(m([W('secretary'), W('of'), ...words], role, 'en', { onlyFor: 'US' }));
    const last = words[words.length - 1];
    if (words.length === 1 && last instanceof RegExp)
      out.push(m([last, W('secretary')], role, 'en', { onlyFor: 'US' }));
  }
  out.push(m([W('treasury'), W('secretary')], 'finance-minister', 'en', { onlyFor: 'US' }));
  out.push(m([W('attorney'), W('general')], 'justice-minister', 'en', { onlyFor: 'US' }));
  out.push(
    m([W('chancellor'), W('of'), W('the'), W('exchequer')], 'finance-minister', 'en', {
      onlyFor: 'GB',
    }),
  );
  out.push(m([W('defence'), W('secretary')], 'defence-minister', 'en', { onlyFor: 'GB' }));
  out.push(m([W('home'), W('secretary')], 'interior-minister', 'en', { onlyFor: 'GB' }));
  return out;
}

const PATTERNS: RolePattern[] = [
  // ---- Russian, foreign minister
  p([MINISTER_SG, /^иностранных$/, /^дел$/], ROLE_FM, 'ru'),
  p([MINISTER_PL, /^иностранных$/, /^дел$/], ROLE_FM, 'ru', { plural: true }),
  p([MINISTER_SG, /^по$/, /^иностранным$/, /^делам$/], ROLE_FM, 'ru'),
  p([HEAD_SG, COUNTRY_OPT, MFA], ROLE_FM, 'ru'),
  p([HEAD_PL, COUNTRY_OPT, MFA], ROLE_FM, 'ru', { plural: true }),
  p([HEAD_SG, COUNTRY_OPT, FOREIGN_POLICY, AGENCY], ROLE_FM, 'ru'),
  p([HEAD_PL, COUNTRY_OPT, FOREIGN_POLICY, AGENCY], ROLE_FM, 'ru', { plural: true }),
  p([HEAD_SG, COUNTRY_OPT, DIPAGENCY], ROLE_FM, 'ru'),
  p([HEAD_SG, COUNTRY_REQ, /^дипломати/], ROLE_FM, 'ru'),
  p([LEADER, COUNTRY_OPT, FOREIGN_POLICY, AGENCY], ROLE_FM, 'ru'),
  p([LEADER_PL, COUNTRY_OPT, FOREIGN_POLICY, AGENCY], ROLE_FM, 'ru', { plural: true }),
  p([LEADER, COUNTRY_OPT, DIPAGENCY], ROLE_FM, 'ru'),
  p([W('госсекретарь|госсекретаря|госсекретарю|госсекретарем|госсекретаре')], ROLE_FM, 'ru', {
    onlyFor: 'US',
  }),
  p(
    [
      W('государственный|государственного|государственному|государственным|государственном'),
      W('секретарь|секретаря|секретарю|секретарем|секретаре'),
    ],
    ROLE_FM,
    'ru',
    { onlyFor: 'US' },
  ),
  // ---- Russian, other roles (a name right after them is not a foreign minister)
  p([W('президент|президента|президенту|президентом|президенте')], ROLE_OTHER, 'ru'),
  p([W('вице'), /^президент/], ROLE_OTHER, 'ru'),
  p([W('премьер|премьера|премьеру|премьером'), /^министр/], ROLE_OTHER, 'ru'),
  p([W('премьер|премьера|премьеру|премьером|премьере')], ROLE_OTHER, 'ru'),
  p([W('вице'), /^премьер/], ROLE_OTHER, 'ru'),
  p([/^канцлер/], ROLE_OTHER, 'ru'),
  p(
    [
      W(
        'король|короля|королю|королем|короле|королева|королевы|эмир|эмира|эмиру|эмиром|султан|султана|султаном',
      ),
    ],
    ROLE_OTHER,
    'ru',
  ),
  p([W('посол|посла|послу|послом|посланник|посланника|посланником')], ROLE_OTHER, 'ru'),
  // Person titles only: not представительство, постпредство, председательство, акимат.
  p([W('постпред|постпреда|постпреду|постпредом|полпред|полпреда|полпредом')], ROLE_OTHER, 'ru'),
  p(
    [W('представитель|представителя|представителю|представителем|представителе')],
    ROLE_OTHER,
    'ru',
  ),
  p([W('пресс'), /^секретар/], ROLE_OTHER, 'ru'),
  p([/^спикер/], ROLE_OTHER, 'ru'),
  p([W('председатель|председателя|председателю|председателем|председателе')], ROLE_OTHER, 'ru'),
  p([/^генсек/], ROLE_OTHER, 'ru'),
  // "секретарь Совета безопасности": госсекретарь and пресс-секретарь are longer titles.
  p([W('секретарь|секретаря|секретарю|секретарем|секретарём|секретаре')], ROLE_OTHER, 'ru'),
  // The EU's High Representative: "глава европейской дипломатии", "верховный представитель".
  p([HEAD_SG, /^(?:европейск|евро)/, /^дипломати/], ROLE_OTHER, 'ru'),
  p([/^евродипломат/], ROLE_OTHER, 'ru'),
  p([/^верховн/, /^представител/], ROLE_OTHER, 'ru'),
  p([/^генеральн/, /^секретар/], ROLE_OTHER, 'ru'),
  p([/^помощник/], ROLE_OTHER, 'ru'),
  p([/^советник/], ROLE_OTHER, 'ru'),
  p([W('аким|акима|акиму|акимом|акиме')], ROLE_OTHER, 'ru'),
  p([/^губернатор/], ROLE_OTHER, 'ru'),
  p([/^сенатор/], ROLE_OTHER, 'ru'),
  p([/^замглав/], ROLE_DEPUTY, 'ru'),
  p([/^замминистр/], ROLE_DEPUTY, 'ru'),
  p([/^замгоссекретар/], ROLE_DEPUTY, 'ru'),
  p([/^заместител/], ROLE_DEPUTY, 'ru'),
  p([W('вице'), /^министр/], ROLE_DEPUTY, 'ru'),
  // ---- Kazakh
  p([W('сыртқы'), W('істер'), W('министрі|министр')], ROLE_FM, 'kk'),
  p([W('сыртқы'), W('істер'), /^министрлер/], ROLE_FM, 'kk', { plural: true }),
  p([W('сыртқы'), W('істер'), /^министрі/, /^орынбасар/], ROLE_DEPUTY, 'kk'),
  p([W('сыртқы'), W('істер'), /^министрлігі/, /^басшы/], ROLE_FM, 'kk'),
  p([W('сыртқы'), W('саяси|саясат'), /^ведомств/, /^басшы/], ROLE_FM, 'kk'),
  p([W('сім'), /^басшы/], ROLE_FM, 'kk'),
  p([W('мемлекеттік'), /^хатшы/], ROLE_FM, 'kk', { onlyFor: 'US' }),
  p([/^президент/], ROLE_OTHER, 'kk'),
  p([W('премьер'), /^министр/], ROLE_OTHER, 'kk'),
  // Not елшілік (embassy), өкілдік (mission), төрағалық (chairmanship), әкімдік.
  p([W('елші|елшісі|елшісімен|елшісінің|елшісіне|елшісін')], ROLE_OTHER, 'kk'),
  p([W('өкілі|өкілімен|өкілінің|өкіліне|өкілін')], ROLE_OTHER, 'kk'),
  p([W('ресми'), /^өкіл/], ROLE_OTHER, 'kk'),
  p([W('төрағасы|төрағасымен|төрағасының|төрағасына|төраға')], ROLE_OTHER, 'kk'),
  p([W('әкімі|әкімімен|әкімінің|әкіміне|әкім')], ROLE_OTHER, 'kk'),
  p([W('бас'), /^хатшы/], ROLE_OTHER, 'kk'),
  p([/^орынбасар/], ROLE_DEPUTY, 'kk'),
  // ---- English, foreign minister
  p([W('foreign'), W('minister')], ROLE_FM, 'en'),
  p([W('foreign'), W('ministers')], ROLE_FM, 'en', { plural: true }),
  p([W('minister'), W('of|for'), W('foreign'), W('affairs')], ROLE_FM, 'en'),
  p([W('ministers'), W('of|for'), W('foreign'), W('affairs')], ROLE_FM, 'en', { plural: true }),
  p([W('minister'), W('of|for'), W('external'), W('affairs')], ROLE_FM, 'en'),
  p([W('foreign'), W('affairs'), W('minister')], ROLE_FM, 'en'),
  // Elsewhere (India, Pakistan, Bangladesh) a Foreign Secretary is a civil servant.
  p([W('foreign'), W('secretary')], ROLE_FM, 'en', { onlyFor: 'GB|MX|PH' }),
  p([W('secretary'), W('of|for'), W('foreign'), W('affairs')], ROLE_FM, 'en'),
  p([W('external'), W('affairs'), W('minister')], ROLE_FM, 'en'),
  p([W('eam')], ROLE_FM, 'en'),
  p([W('top'), W('diplomat')], ROLE_FM, 'en'),
  p([W('cabinet'), W('secretary'), W('for'), W('foreign'), W('affairs')], ROLE_FM, 'en'),
  p([W('secretary'), W('of'), W('state')], ROLE_FM, 'en', { onlyFor: 'US' }),
  // "Secretary Blinken", "Secretary Austin": a US cabinet secretary of any department.
  p([W('secretary')], ROLE_FM, 'en', { onlyFor: 'US', role: ANY_PORTFOLIO }),
  p([W('secretary'), W('of'), W('state'), W('for'), W('foreign'), W('affairs')], ROLE_FM, 'en', {
    onlyFor: 'GB',
  }),
  p(
    [
      W('secretary'),
      W('of'),
      W('state'),
      W('for'),
      W('foreign'),
      W('commonwealth'),
      W('and'),
      W('development'),
      W('affairs'),
    ],
    ROLE_FM,
    'en',
    { onlyFor: 'GB' },
  ),
  // ---- English, other roles
  p([W('minister'), W('of'), W('state')], ROLE_OTHER, 'en'),
  p([W('state'), W('minister'), W('for|of'), W('foreign'), W('affairs')], ROLE_OTHER, 'en'),
  p([W('president')], ROLE_OTHER, 'en'),
  p([W('vice'), W('president')], ROLE_OTHER, 'en'),
  p([W('prime'), W('minister')], ROLE_OTHER, 'en'),
  p(
    [
      W(
        'premier|chancellor|king|queen|emir|sultan|ambassador|envoy|senator|sen|governor|mayor|chairman|speaker|spokesperson|spokesman|spokeswoman',
      ),
    ],
    ROLE_OTHER,
    'en',
  ),
  p([W('crown'), W('prince')], ROLE_OTHER, 'en'),
  p([W('high'), W('representative')], ROLE_OTHER, 'en'),
  p([W('foreign'), W('policy'), W('chief')], ROLE_OTHER, 'en'),
  p([W('secretary'), W('general')], ROLE_OTHER, 'en'),
  p([W('chief'), W('cabinet'), W('secretary')], ROLE_OTHER, 'en'),
  p([W('national'), W('security'), W('advisor|adviser')], ROLE_OTHER, 'en'),
  p([W('deputy|vice|under|assistant'), W('secretary|minister|foreign')], ROLE_DEPUTY, 'en'),
  ...portfolioPatterns(),
];

const BY_KEY = new Map<string, RolePattern[]>();
for (const pat of PATTERNS) {
  for (const key of pat.keys) {
    const list = BY_KEY.get(key);
    if (list) list.push(pat);
    else BY_KEY.set(key, [pat]);
  }
}

/** Normalised words that are part of some role title (not personal names). */
export function isRoleWord(norm: string): boolean {
  const list = BY_KEY.get(norm.slice(0, 3));
  if (!list) return false;
  return list.some((pat) => {
    const first = pat.seq[0];
    return first instanceof RegExp && first.test(norm);
  });
}

// Before a foreign-minister title these make it a deputy: "заместитель министра
// иностранных дел", "вице-министр", "Deputy Foreign Minister", "замглавы МИД".
const DEPUTY_BEFORE =
  /^(?:заместител|замминистр|замглав|вице$|deputy$|vice$|under$|assistant$|junior$|state$|государственн|статс)/;

const FORMER = /^(?:former|ex|late|then|бывш|экс|прежн|бұрынғы)/;

/** "former Foreign Minister", "бывший глава МИД Италии", "ex-Defence Minister". */
function isFormer(tokens: readonly Token[], i: number, countryAt: ArrayLike<number>): boolean {
  let b = i - 1;
  // "former Indian External Affairs Minister": a country adjective may stand between.
  while (b >= 0 && (countryAt[b] ?? 0) > 0 && (tokens[b + 1] as Token).gapBefore !== GAP_BOUNDARY)
    b--;
  const t = tokens[b];
  if (!t || (tokens[b + 1] as Token).gapBefore === GAP_BOUNDARY) return false;
  return FORMER.test(t.norm);
}

function matchAt(
  tokens: readonly Token[],
  i: number,
  pat: RolePattern,
  countryAt: ArrayLike<number>,
): { end: number; country: number } | undefined {
  let j = i;
  let country = -1;
  for (const m of pat.seq) {
    if (m instanceof RegExp) {
      const t = tokens[j];
      if (t === undefined || (j > i && t.gapBefore === GAP_BOUNDARY) || !m.test(t.norm))
        return undefined;
      j++;
      continue;
    }
    const startJ = j;
    while (
      j < tokens.length &&
      (countryAt[j] ?? 0) > 0 &&
      (tokens[j] as Token).gapBefore !== GAP_BOUNDARY
    ) {
      if (country < 0) country = j;
      j++;
    }
    if (m.country === 'required' && j === startJ) return undefined;
  }
  return { end: j, country };
}

/**
 * Role titles in the token stream. countryAt[i] > 0 marks tokens that are part
 * of a country mention; countryCode(i) gives its code.
 */
export function findRoles(
  tokens: readonly Token[],
  countryAt: ArrayLike<number>,
  countryCode: (i: number) => string | undefined,
): RoleSpan[] {
  const out: RoleSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const candidates = BY_KEY.get(t.norm.slice(0, 3));
    if (!candidates) continue;
    let best: { pat: RolePattern; end: number; country: number } | undefined;
    for (const pat of candidates) {
      const m = matchAt(tokens, i, pat, countryAt);
      if (m && (!best || m.end > best.end)) best = { pat, ...m };
    }
    if (!best) continue;
    let kind = best.pat.kind;
    if (kind === ROLE_FM || kind === ROLE_MINISTER) {
      const prev = tokens[i - 1];
      if (prev && t.gapBefore !== GAP_BOUNDARY && DEPUTY_BEFORE.test(prev.norm)) {
        // "премьер-министра — министр …": a dash means a new title, not a deputy.
        if (t.gapBefore === 0 || t.gapBefore === GAP_HYPHEN) kind = ROLE_DEPUTY;
      }
      const next = tokens[best.end];
      if (best.pat.lang === 'kk' && next && /^орынбасар/.test(next.norm)) kind = ROLE_DEPUTY;
    }
    out.push({
      start: i,
      end: best.end,
      kind,
      lang: best.pat.lang,
      onlyFor: best.pat.onlyFor,
      plural: best.pat.plural === true,
      countryInside: best.country >= 0 ? countryCode(best.country) : undefined,
      role: best.pat.role,
      former: isFormer(tokens, i, countryAt),
    });
    i = best.end - 1;
  }
  return out;
}
