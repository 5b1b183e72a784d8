/**
 * Language from the script of the text: enough to tell ru, kk, en and zh
 * apart, which is what releases of the current sources need. Kazakh is
 * Cyrillic with letters Russian lacks (ә ғ қ ң ө ұ ү һ і).
 */
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
