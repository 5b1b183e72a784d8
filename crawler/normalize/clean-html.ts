/**
 * HTML → clean text with paragraphs kept. Pure: no I/O.
 *
 * Scripts, styles, forms and other non-text elements go; entities are decoded
 * by the parser; non-breaking spaces become spaces, soft hyphens and
 * zero-width characters disappear; whitespace is collapsed inside paragraphs
 * and paragraphs are separated by one blank line.
 */
import { type Cheerio, type CheerioAPI, load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

const DROPPED = [
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'canvas',
  'input',
  'button',
  'select',
  'textarea',
  'form',
  'head',
  'meta',
  'link',
].join(',');

const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'thead',
  'tr',
  'ul',
  'body',
  'html',
  'center',
]);

/**
 * Invisible characters that never belong in a release: C0 and C1 controls
 * (the search uses two as highlight markers), soft hyphens, zero-width
 * spaces, word joiners, byte-order marks, and the bidirectional embeddings,
 * overrides and isolates (U+202A–202E, U+2066–2069) that can make a text
 * display differently from what it says.
 */
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F\u00AD\u200B\u200C\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;

/** A zero-width joiner outside an emoji sequence (woman + ZWJ + laptop keeps it, "a" + ZWJ + "b" does not). */
const STRAY_JOINER =
  /(?<!\p{Extended_Pictographic}[\uFE0F\u{1F3FB}-\u{1F3FF}]?)\u200D|\u200D(?!\p{Extended_Pictographic})/gu;

/** Characters that render as nothing or as a plain space. */
export function normalizeSpaces(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .replace(STRAY_JOINER, '')
    .replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000\t\r\f\v]/g, ' ')
    .replace(/ {2,}/g, ' ');
}

/**
 * Walks the tree without recursion (pages can nest thousands of levels deep),
 * cutting paragraphs at block elements and keeping <br> as a line break.
 */
function collect(roots: AnyNode[], paragraphs: string[]): void {
  let buffer = '';
  const flush = () => {
    const text = normalizeSpaces(buffer)
      .replace(/ *\n */g, '\n')
      .replace(/\n{2,}/g, '\n')
      .trim();
    if (text) paragraphs.push(text);
    buffer = '';
  };
  // Each entry is a node to enter, or the marker for leaving an element.
  const stack: (AnyNode | { leave: string })[] = [...roots].reverse();
  while (stack.length > 0) {
    const entry = stack.pop() as AnyNode | { leave: string };
    if ('leave' in entry) {
      if (BLOCKS.has(entry.leave)) flush();
      else if (entry.leave === 'td' || entry.leave === 'th') buffer += ' ';
      continue;
    }
    if (entry.type === 'text') {
      buffer += (entry as unknown as { data: string }).data.replace(/\s+/g, ' ');
    } else if (entry.type === 'tag') {
      const element = entry as Element;
      const name = element.name.toLowerCase();
      if (name === 'br') {
        buffer += '\n';
        continue;
      }
      if (BLOCKS.has(name)) flush();
      stack.push({ leave: name });
      for (let i = element.children.length - 1; i >= 0; i--)
        stack.push(element.children[i] as AnyNode);
    }
  }
  flush();
}

/** Visible text of a subtree, without recursion. */
export function textOf(roots: AnyNode[]): string {
  const parts: string[] = [];
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (node.type === 'text') parts.push((node as unknown as { data: string }).data);
    else if ('children' in node) {
      const children = (node as Element).children;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as AnyNode);
    }
  }
  return parts.join('');
}

/** Paragraphs of text under the given elements (or the whole document). */
export function paragraphsOf($: CheerioAPI, root?: Cheerio<AnyNode>): string[] {
  const scope = root ?? $.root();
  // Removed document-wide: `scope.find()` is quadratic on very large subtrees.
  $(DROPPED).remove();
  const paragraphs: string[] = [];
  collect(
    scope.toArray().flatMap((n) => ('children' in n ? (n as Element).children : [])),
    paragraphs,
  );
  return paragraphs;
}

/** Clean text of an HTML fragment or page: paragraphs separated by a blank line. */
export function htmlToText(html: string): string {
  const $ = load(html, null, false);
  return paragraphsOf($).join('\n\n');
}

/** Plain text with its paragraphs normalized the same way as HTML bodies. */
export function normalizePlainText(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) =>
      normalizeSpaces(p)
        .replace(/ *\n */g, '\n')
        .trim(),
    )
    .filter(Boolean)
    .join('\n\n');
}

/** The first substantial paragraph (eight words, or twenty Chinese characters): bylines and headings are skipped. */
export function leadOf(paragraphs: readonly string[]): string {
  return (
    paragraphs.find((p) => p.split(/\s+/).length >= 8 || /\p{Script=Han}{20}/u.test(p)) ??
    paragraphs[0] ??
    ''
  );
}
