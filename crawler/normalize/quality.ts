/**
 * Signs that a page holds no release: damaged text (wrong charset), a "not
 * found" template served with status 200, or an empty single-page-app shell.
 */

/**
 * Share of characters that betray mojibake: U+FFFD replacement characters,
 * and the pairs UTF-8 Cyrillic turns into when read as windows-1251 ("РњРё",
 * "пїЅ") or as Latin-1 ("Ð¡Ð¾").
 */
export function mojibakeShare(fullText: string): number {
  // Damage from a wrong charset is everywhere when it is there: a sample decides.
  const text = fullText.length > 20_000 ? fullText.slice(0, 20_000) : fullText;
  // Counted without an array of every letter (the page's allocation hot spot): the letters
  // kept as one string, less one for each letter outside the BMP (two code units).
  const letterText = text.replace(/\P{L}+/gu, '');
  const letters = letterText.length - (letterText.match(/[\uD800-\uDBFF]/g)?.length ?? 0);
  if (letters === 0) return 0;
  const replacement = text.match(/\uFFFD/g)?.length ?? 0;
  const asCp1251 =
    text.match(
      /(?:Р[ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏђ‘’“”•–—™љ›њќћџЎўЈ¤Ґ¦§Ё©Є«¬®Ї°±Ііґµ¶·ё№є»јЅѕї]|С[ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏђ‘’“”•–—]|пїЅ)/g,
    )?.length ?? 0;
  const asLatin1 = text.match(/[ÐÑ][\u0080-\u00BF]/g)?.length ?? 0;
  return (replacement + asCp1251 * 2 + asLatin1 * 2) / letters;
}

/** More than 2% damaged characters: the text is not worth indexing. */
export function isMojibake(text: string): boolean {
  return mojibakeShare(text) > 0.02;
}

/**
 * "Not found" as ministries' error pages say it, in en, ru, kk and zh. The
 * phrases name the page ("the page you requested cannot be found"), so a
 * release whose title says that a compromise was "not found" is not one.
 */
const NOT_FOUND = [
  /\bpage (?:was |is )?not found\b/i,
  /\b(?:page|document|resource|file)\b[^.!?]{0,60}?\b(?:can ?not|could not|couldn['’]t) be found\b/i,
  /\b(?:page|document|resource)\b[^.!?]{0,60}?\b(?:does not exist|no longer (?:available|exists))\b/i,
  /страниц[аы][^.!?]{0,40}?не (?:найдена|существует)/i,
  /запрашиваем\S* (?:вами )?страниц\S*[^.!?]{0,40}?(?:не найдена|удалена|не существует)/i,
  /ошибка 404/i,
  /(?:бет|парақ(?:ша)?)\S*[^.!?]{0,30}?табылмады/i,
  /(?:网页|页面)[^。！？]{0,20}?(?:不存在|已删除|已被删除|找不到|没有找到|未找到)/,
  /(?:没有|未|无法)找到(?:您|你)?(?:要|所)?(?:的|访问的)?(?:网页|页面)/,
  /找不到(?:该|此)?(?:网页|页面)/,
  /您访问的页面/,
];

/**
 * A bare "404" or "Not found" is an error page's label only when it stands
 * alone — the whole title, one part of it ("404 | Ministry"), or a whole
 * line — never inside a sentence ("resolution 404", "a compromise was not found").
 */
const NOT_FOUND_LABEL =
  /^(?:(?:http|error|ошибка|错误)\s*)?404(?:\s*(?:error|not found|page not found))?$|^(?:page\s+)?not found$/i;
const LABEL_SEPARATORS = /\s[|·•–—-]\s|\s*[|·•]\s*|\n+/;

/** What marks the text as a "not found" page, or undefined. */
function notFoundSign(text: string): string | undefined {
  for (const pattern of NOT_FOUND) {
    const found = pattern.exec(text);
    if (found) return found[0];
  }
  return text
    .split(LABEL_SEPARATORS)
    .map((part) => part.trim().replace(/[.!:]+$/, ''))
    .find((part) => NOT_FOUND_LABEL.test(part));
}

const SENTENCE_END = /[.!?…。！？]/;

/** A paragraph that reads as prose, not as a menu entry or a label. */
export function isProse(paragraph: string): boolean {
  const cjk = paragraph.match(/[\u3400-\u9fff]/g)?.length ?? 0;
  const words = paragraph.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
  if (cjk > 0) return (cjk >= 12 && SENTENCE_END.test(paragraph)) || cjk >= 30;
  return (words >= 6 && SENTENCE_END.test(paragraph)) || words >= 15;
}

/** A page whose only text is navigation: menu entries and labels, not one sentence. */
export function looksLikeNavigationOnly(paragraphs: readonly string[]): boolean {
  return paragraphs.length > 0 && !paragraphs.some(isProse);
}

/**
 * A "not found" template served with status 200: its title says so, or its
 * short text does, or — when the text taken as the body is only a menu —
 * the rest of the page does (China MFA's error page keeps its message beside
 * the menu, under the ministry's name as the title). Returns the words that
 * gave it away, or undefined for a page that may be a release.
 */
export function soft404Sign(
  title: string,
  bodyText: string,
  pageText?: string,
): string | undefined {
  if (bodyText.length > 1500) return undefined;
  const inTitle = notFoundSign(title);
  if (inTitle) return inTitle;
  if (bodyText.length < 400) {
    const inBody = notFoundSign(bodyText);
    if (inBody) return inBody;
  }
  const bodyIsProse = bodyText.split('\n\n').some(isProse);
  if (pageText === undefined || bodyIsProse || pageText.length >= 4000) return undefined;
  return notFoundSign(pageText);
}

export function looksLikeSoft404(title: string, bodyText: string, pageText?: string): boolean {
  return soft404Sign(title, bodyText, pageText) !== undefined;
}

/** An app shell: almost no text, and a request to enable JavaScript. */
export function looksLikeAppShell(bodyText: string): boolean {
  return (
    bodyText.length < 300 && /enable javascript|включите javascript|JavaScript/i.test(bodyText)
  );
}
