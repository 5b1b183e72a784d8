/**
 * Chinese has no spaces, so it is matched with one precompiled alternation of
 * every Chinese term (country names, X方 forms, minister names, blockers such
 * as 发展中国家), longest first, scanning left to right.
 */
import { gazetteer, ZH_BLOCK, ZH_COUNTRY, ZH_MINISTER, ZH_MINISTER_TITLED } from './gazetteer.js';
import { ROLE_FM, ROLE_OTHER } from './roles.js';

const HAN = /[\u4e00-\u9fff]/;
// After X方 (中方, 美方) these make a different word: 方面, 方式, 方案, 方法 …
const FANG_GUARD = /^[面式案法向针便位圆程块言]/;

const FM_BEFORE = /(?:外长|外交部长|外交部部长|国务卿|外交大臣|外相|外务大臣)[·\s]*$/;
const DEPUTY_BEFORE = /(?:副外长|副外相|副相|副部长|副国务卿|助理国务卿)[·\s]*$/;
const OTHER_BEFORE =
  /(?:总统|总理|首相|主席|大使|发言人|主任|特使|秘书长|国王|王储|议长|国防部长|防长|防卫相|防卫大臣|局长|负责人|财长|顾问)[·\s]*$/;
const FM_AFTER = /^(?:国务委员兼)?(?:外长|外交部长|国务卿|外交大臣|外相)/;
const OTHER_AFTER =
  /^(?:副外长|副外相|副相|总统|总理|首相|主席|大使|主任|特使|秘书长|国王|议长|局长)/;

// 中美关系, 中哈两国, 中巴经济走廊: a run of one-character country abbreviations
// after 中 counts only before a word that makes it a bilateral compound.
const RELATION =
  '关系|两国|双方|合作|战略|友好|建交|经贸|贸易|元首|外长|峰会|联合|全面|伙伴|边境|边界|人文|交往|对话|磋商|会谈|经济|铁路|友谊|领导人|高层|同盟|三方|外交|摩擦|谈判|会晤|双边|自贸|首脑|防务|军事|互信|政党|议会|地方|间';
const abbrChars = Object.keys(gazetteer.zhAbbreviations)
  .filter((c) => c !== '中')
  .join('');
const COMPOUND = new RegExp(`中[${abbrChars}]{1,3}(?=${RELATION})`, 'g');

export interface ChineseFindings {
  countries: Set<string>;
  /** minister index → role kinds of its mentions (0 = no title next to it). */
  ministers: Map<number, number[]>;
}

function roleAround(text: string, start: number, end: number): number {
  const before = text.slice(Math.max(0, start - 12), start);
  if (DEPUTY_BEFORE.test(before)) return ROLE_OTHER;
  if (FM_BEFORE.test(before)) return ROLE_FM;
  if (OTHER_BEFORE.test(before)) return ROLE_OTHER;
  const after = text.slice(end, end + 10);
  if (FM_AFTER.test(after)) return ROLE_FM;
  if (OTHER_AFTER.test(after)) return ROLE_OTHER;
  return 0;
}

export function scanChinese(text: string, out: ChineseFindings): void {
  if (!HAN.test(text)) return;
  const re = gazetteer.zhRegex;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const term = gazetteer.zhTerms.get(m[0]);
    if (!term || term.kind === ZH_BLOCK) continue;
    const end = m.index + m[0].length;
    if (m[0].endsWith('方') && FANG_GUARD.test(text.slice(end, end + 1))) continue;
    if (term.kind === ZH_COUNTRY) {
      out.countries.add(term.code);
      continue;
    }
    if (term.kind === ZH_MINISTER || term.kind === ZH_MINISTER_TITLED) {
      const kind = term.kind === ZH_MINISTER_TITLED ? ROLE_FM : roleAround(text, m.index, end);
      const list = out.ministers.get(term.minister);
      if (list) list.push(kind);
      else out.ministers.set(term.minister, [kind]);
    }
  }
  COMPOUND.lastIndex = 0;
  for (let m = COMPOUND.exec(text); m !== null; m = COMPOUND.exec(text)) {
    for (const ch of m[0]) {
      const code = gazetteer.zhAbbreviations[ch];
      if (code) out.countries.add(code);
    }
  }
}
