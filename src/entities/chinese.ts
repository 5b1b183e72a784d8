/**
 * Chinese has no spaces, so it is matched with one precompiled alternation of
 * every Chinese term (country names, X方 forms, minister names, blockers such
 * as 发展中国家), longest first, scanning left to right.
 */
import {
  gazetteer,
  ZH_BLOCK,
  ZH_COUNTRY,
  ZH_MINISTER,
  ZH_MINISTER_NEEDS_TITLE,
  ZH_MINISTER_TITLED,
} from './gazetteer.js';
import { FOREIGN_MINISTER } from './roles.js';
import type { TitleOnly } from './types.js';

const HAN = /[\u4e00-\u9fff]/;
// After X方 (中方, 美方) these make a different word: 方面, 方式, 方案, 方法 …
const FANG_GUARD = /^[面式案法向针便位圆程块言]/;

/** A title that is no minister's office (president, ambassador, deputy …). */
export const ZH_OTHER = 'other';

// Ministers' titles and the role each gives; 国务委员兼外长 ends in 外长.
const ZH_TITLES: Array<[string, string]> = [
  // 外交与国际合作部长 (Djibouti), 外交与国际贸易部长 (Zimbabwe), 外交和侨务部长 … but not
  // 外交与贸易部第二部长 (Brunei's second minister: the Sultan is foreign minister).
  [
    '外长|外交部长|外交部部长|国务卿|外交大臣|外相|外务大臣|外交[与和及](?:(?!第|副)[\\u4e00-\\u9fff]){2,6}?部长',
    FOREIGN_MINISTER,
  ],
  ['财长|财政部长|财政部部长|财政大臣|财务大臣', 'finance-minister'],
  ['国防部长|国防部部长|防长|防卫相|防卫大臣|国防大臣', 'defence-minister'],
  ['商务部长|商务部部长', 'commerce-minister'],
  ['能源部长|能源部部长', 'energy-minister'],
  ['经济部长|经济部部长', 'economy-minister'],
  ['贸易部长|贸易部部长', 'trade-minister'],
  ['教育部长|教育部部长', 'education-minister'],
  ['卫生部长|卫生部部长|卫生福利部长|卫生与公众服务部长', 'health-minister'],
  ['农业部长|农业部部长|农业农村部部长', 'agriculture-minister'],
  ['司法部长|司法部部长', 'justice-minister'],
  ['内政部长|内政部部长|内务部长|内务部部长', 'interior-minister'],
  ['交通部长|交通部部长|交通运输部部长', 'transport-minister'],
];
const TITLES_BEFORE = ZH_TITLES.map(([t, role]) => [new RegExp(`(?:${t})[·\\s]*$`), role] as const);
const TITLES_AFTER = ZH_TITLES.map(
  ([t, role]) => [new RegExp(`^(?:国务委员兼)?(?:${t})`), role] as const,
);
const DEPUTY_BEFORE = /(?:副外长|副外相|副相|副部长|副国务卿|助理国务卿|前外长|前外交部长)[·\s]*$/;
const OTHER_BEFORE =
  /(?:总统|总理|首相|主席|大使|发言人|主任|特使|秘书长|国王|王储|议长|局长|负责人|顾问)[·\s]*$/;
const OTHER_AFTER =
  /^(?:副外长|副外相|副相|总统|总理|首相|主席|大使|主任|特使|秘书长|国王|议长|局长)/;
const ALL_TITLES = ZH_TITLES.map(([t]) => t).join('|');
// "美国国务卿布林肯（Antony Blinken）": a title, a name in characters and its Latin gloss.
const GLOSSED = new RegExp(
  `(?:国务委员兼)?(${ALL_TITLES})([\\u4e00-\\u9fff·]{2,12})[（(]\\s*([A-Z][A-Za-z'’.-]*(?:\\s+[A-Za-z'’.-]+){0,4})\\s*[)）]`,
  'g',
);

function titleRole(title: string): string {
  for (const [t, role] of ZH_TITLES) if (new RegExp(`^(?:${t})$`).test(title)) return role;
  return '';
}

/** A minister named with a Latin gloss that the gazetteer may not know. */
export interface GlossedName {
  gloss: string;
  zh: string;
  /** Country named right before the title, if any. */
  country: string | undefined;
  role: string;
}

// 中美关系, 中哈两国, 中巴经济走廊, 朝韩关系, 美日韩三方, 《美墨加协定》, 美、墨、加三方: a run
// of two to four one-character country abbreviations counts only before a word that makes
// it a compound of states.
const RELATION =
  '关系|两国|三国|双方|三方|四方|合作|战略|友好|建交|经贸|贸易|元首|外长|峰会|联合|全面|伙伴|边境|边界|人文|交往|对话|磋商|会谈|经济|铁路|友谊|领导人|高层|同盟|外交|摩擦|谈判|会晤|双边|自贸|首脑|防务|军事|互信|政党|议会|地方|协定|协议|条约|会议|间';
const abbrChars = Object.keys(gazetteer.zhAbbreviations).join('');
const RELATION_AHEAD = new RegExp(`^(?:${RELATION})`);
const COMPOUND = new RegExp(
  // Three or four in a row name states even without such a word, but only from 中 or 美
  // (中日韩, 美日印澳): elsewhere the characters are as likely a transcribed name (布兰斯塔德日前).
  `[${abbrChars}](?:、?[${abbrChars}]){1,3}(?=${RELATION})|[中美][${abbrChars}]{2,3}`,
  'g',
);
// A character that makes a word with the one after it: 近日 "recently", 参加 "take part",
// 依法 "by law". Such an abbreviation at the start of a run is the word's, not a country.
const WORD_BEFORE: Record<string, string> = {
  日: '近今明昨早每节本翌当次某连平终往生即抗白假周',
  越: '穿超跨优卓逾飞翻',
  加: '参增追施附更强',
  法: '依宪方办做说想立司非合违',
  以: '可所得难予加足借',
  德: '道品公美',
  土: '领国本乡',
  美: '欧赞完审精',
  印: '打复',
  朝: '王本历清明',
  意: '同注满愿善',
  古: '考复远',
  老: '养敬',
};
// Words that start with an abbreviation character (加强 "strengthen", 以及 "and", 美德
// "virtue", 日前 "recently"), or a country's own name (蒙古, 古巴): a run ends before it
// ("中菲加强合作", "印中加以讨论", "蒙古外长").
const WORD_STARTING =
  /加强|加大|加快|加深|加速|加紧|加剧|加以|以及|以来|以便|以后|以前|以上|以下|以为|以免|以致|以外|以内|以此|以该|以其|美德|美好|古老|日前|日益|日后|日常|法律|法治|土地|老挝人|蒙古|古巴/;
// 港澳, 港澳台: Hong Kong, Macao (澳 here is not Australia) and Taiwan.
const REGIONS = /港澳(台)?/g;

export interface ChineseFindings {
  countries: Set<string>;
  /** minister index → the title at each mention: a role, ZH_OTHER, or '' (none). */
  ministers: Map<number, string[]>;
  discovered: GlossedName[];
  /** A country and a title with no name after it (澳大利亚外长表示): see addIncumbents. */
  titleOnly: TitleOnly[];
}

// After a country's title: a collective meeting (外长会, 外长级), several people (外长们), an assistant.
const NOT_ONE_PERSON = /^(?:们|等|会|级|理事会|助理|论坛|对话|磋商|机制)/;
// Before the country: an office someone takes or may take (提名…为美国国务卿, 出任, 谁).
const OFFICE_TO_COME = /(?:为|任|谁|成为|提名|候选人)$/;

function roleAround(text: string, start: number, end: number): string {
  const before = text.slice(Math.max(0, start - 12), start);
  if (DEPUTY_BEFORE.test(before)) return ZH_OTHER;
  for (const [re, role] of TITLES_BEFORE) if (re.test(before)) return role;
  if (OTHER_BEFORE.test(before)) return ZH_OTHER;
  const after = text.slice(end, end + 10);
  for (const [re, role] of TITLES_AFTER) if (re.test(after)) return role;
  if (OTHER_AFTER.test(after)) return ZH_OTHER;
  return '';
}

export function scanChinese(text: string, out: ChineseFindings): void {
  if (!HAN.test(text)) return;
  const re = gazetteer.zhRegex;
  re.lastIndex = 0;
  // Where each country name ends, for the country of a glossed title.
  const countryEnds = new Map<number, { code: string; start: number }>();
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const term = gazetteer.zhTerms.get(m[0]);
    if (!term || term.kind === ZH_BLOCK) continue;
    const end = m.index + m[0].length;
    if (m[0].endsWith('方') && FANG_GUARD.test(text.slice(end, end + 1))) continue;
    if (term.kind === ZH_COUNTRY) {
      out.countries.add(term.code);
      countryEnds.set(end, { code: term.code, start: m.index });
      continue;
    }
    if (term.kind === ZH_MINISTER_NEEDS_TITLE) {
      const title = roleAround(text, m.index, end);
      if (title === '' || title === ZH_OTHER) continue;
      const list = out.ministers.get(term.minister);
      if (list) list.push(title);
      else out.ministers.set(term.minister, [title]);
      continue;
    }
    if (term.kind === ZH_MINISTER || term.kind === ZH_MINISTER_TITLED) {
      const kind =
        term.kind === ZH_MINISTER_TITLED ? FOREIGN_MINISTER : roleAround(text, m.index, end);
      const list = out.ministers.get(term.minister);
      if (list) list.push(kind);
      else out.ministers.set(term.minister, [kind]);
    }
  }
  GLOSSED.lastIndex = 0;
  for (let g = GLOSSED.exec(text); g !== null; g = GLOSSED.exec(text)) {
    const titleStart = g.index + g[0].indexOf(g[1] as string);
    const before = text.slice(Math.max(0, g.index - 6), g.index);
    if (DEPUTY_BEFORE.test(before)) continue;
    out.discovered.push({
      gloss: (g[3] as string).trim(),
      zh: g[2] as string,
      country: (countryEnds.get(titleStart) ?? countryEnds.get(g.index))?.code,
      role: titleRole(g[1] as string),
    });
  }
  for (const [end, { code, start }] of countryEnds) {
    if (OFFICE_TO_COME.test(text.slice(Math.max(0, start - 3), start))) continue;
    const after = text.slice(end, end + 14);
    for (const [re, role] of TITLES_AFTER) {
      const t = re.exec(after);
      if (!t) continue;
      if (!NOT_ONE_PERSON.test(after.slice(t[0].length))) out.titleOnly.push({ code, role });
      break;
    }
  }
  REGIONS.lastIndex = 0;
  for (let m = REGIONS.exec(text); m !== null; m = REGIONS.exec(text)) {
    out.countries.add('HK');
    out.countries.add('MO');
    if (m[1]) out.countries.add('TW');
  }
  COMPOUND.lastIndex = 0;
  for (let m = COMPOUND.exec(text); m !== null; m = COMPOUND.exec(text)) {
    let run = m[0];
    let before = text[m.index - 1] ?? '';
    while (before !== '' && run.length > 0 && WORD_BEFORE[run[0] as string]?.includes(before)) {
      before = run[0] as string;
      run = run.slice(1).replace(/^、/, '');
    }
    const after = text.slice(m.index + m[0].length);
    const word = WORD_STARTING.exec(run + after.slice(0, 1));
    if (word) run = run.slice(0, word.index);
    // 以 is also "with, by" (深化以中巴经济走廊, 中俄以…思路): Israel only in 中以关系, 巴以双方.
    run = run.replace(/^以、?/, '');
    if (run.endsWith('以') && (run.length < m[0].length || !RELATION_AHEAD.test(after)))
      run = run.slice(0, -1);
    if (run.replace(/、/g, '').length < 2 || before === '港') continue;
    for (const [i, ch] of [...run].entries()) {
      // 巴以 is Palestine and Israel (巴勒斯坦), not Pakistan.
      const code = ch === '巴' && run[i + 1] === '以' ? 'PS' : gazetteer.zhAbbreviations[ch];
      if (code) out.countries.add(code);
    }
  }
}
