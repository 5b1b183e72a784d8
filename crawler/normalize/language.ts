/**
 * Language from the script of the text: enough to tell ru, kk, en and zh
 * apart, which is what releases of the current sources need. Kazakh is
 * Cyrillic with letters Russian lacks (ә ғ қ ң ө ұ ү һ і).
 */
import { franc } from 'franc-min';

const HAN = /\p{Script=Han}/gu;
const CYRILLIC = /\p{Script=Cyrillic}/gu;
const LATIN = /\p{Script=Latin}/gu;
const KAZAKH_LETTERS = /[әғқңөұүһіӘҒҚҢӨҰҮҺІ]/g;

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/** ru, kk, en or zh; undefined when the text has too few letters to tell. */
export function detectLanguage(text: string): string | undefined {
  const sample = text.slice(0, 5000);
  const han = count(sample, HAN);
  const cyrillic = count(sample, CYRILLIC);
  const latin = count(sample, LATIN);
  const letters = han + cyrillic + latin;
  if (letters < 10) return undefined;
  // Chinese needs few characters per word, so a smaller share already decides.
  if (han / letters > 0.2) return 'zh';
  if (cyrillic >= latin) {
    const kazakh = count(sample, KAZAKH_LETTERS);
    return kazakh / cyrillic > 0.01 ? 'kk' : 'ru';
  }
  return 'en';
}

/** ISO 639-1 → the ISO 639-3 codes franc reports, for the languages sources are declared in. */
const FRANC_CODES: Record<string, string[]> = {
  en: ['eng'],
  ms: ['zlm', 'msa'],
  id: ['ind'],
  tr: ['tur'],
  fr: ['fra'],
  de: ['deu'],
  es: ['spa'],
  pt: ['por'],
  uz: ['uzn'],
  az: ['azj'],
  ru: ['rus'],
  uk: ['ukr'],
  be: ['bel'],
  kk: ['kaz'],
  ky: ['kir'],
  tg: ['tgk'],
  tk: ['tuk'],
  mn: ['khk'],
  hy: ['hye'],
  ka: ['kat'],
  zh: ['cmn'],
  ar: ['arb'],
};

/** Languages `detectAmong` can tell apart. */
export const DETECTABLE_LANGUAGES: readonly string[] = Object.keys(FRANC_CODES);

/**
 * The language of a text, chosen among a source's languages (English or
 * Malay on the Malaysian MFA, whose pages all say lang="en-US"): by script
 * where that decides, else by franc's trigram statistics limited to the
 * candidates. Undefined when the text is too short to tell.
 */
export function detectAmong(text: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 1) return candidates[0];
  const byScript = detectLanguage(text);
  if (byScript && byScript !== 'en' && candidates.includes(byScript)) return byScript;
  const only = candidates.flatMap((lang) => FRANC_CODES[lang] ?? []);
  const sample = text.slice(0, 5000).toLowerCase();
  const found = franc(sample, { only, minLength: 20 });
  const lang = Object.entries(FRANC_CODES).find(([, codes]) => codes.includes(found))?.[0];
  return lang && candidates.includes(lang) ? lang : undefined;
}
