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
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
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

const NOT_FOUND = [
  /\b404\b/,
  /\bpage (?:was )?not found\b/i,
  /\bnot found\b/i,
  /страница не найдена/i,
  /страница не существует/i,
  /бет табылмады/i,
  /页面不存在/,
  /找不到/,
  /您访问的页面/,
];

/** A short page whose heading or title says "not found". */
export function looksLikeSoft404(title: string, bodyText: string): boolean {
  if (bodyText.length > 1500) return false;
  return (
    NOT_FOUND.some((p) => p.test(title)) ||
    (bodyText.length < 400 && NOT_FOUND.some((p) => p.test(bodyText)))
  );
}

/** An app shell: almost no text, and a request to enable JavaScript. */
export function looksLikeAppShell(bodyText: string): boolean {
  return (
    bodyText.length < 300 && /enable javascript|включите javascript|JavaScript/i.test(bodyText)
  );
}
