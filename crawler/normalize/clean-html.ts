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

/** Characters that render as nothing or as a plain space. */
export function normalizeSpaces(text: string): string {
  return (
    text
      // Control characters never belong in text (and the search uses two as highlight markers).
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
      .replace(/[\u0000-\u0008\u000B\u000E-\u001F\u007F\u00AD\u200B-\u200D\u2060\uFEFF]/g, '')
      .replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000\t\r\f\v]/g, ' ')
      .replace(/ {2,}/g, ' ')
  );
}

function collect(nodes: AnyNode[], paragraphs: string[], state: { buffer: string }) {
  const flush = () => {
    const text = normalizeSpaces(state.buffer)
      .replace(/ *\n */g, '\n')
      .replace(/\n{2,}/g, '\n')
      .trim();
    if (text) paragraphs.push(text);
    state.buffer = '';
  };
  for (const node of nodes) {
    if (node.type === 'text') {
      state.buffer += (node as unknown as { data: string }).data.replace(/\s+/g, ' ');
    } else if (node.type === 'tag') {
      const element = node as Element;
      const name = element.name.toLowerCase();
      if (name === 'br') {
        state.buffer += '\n';
        continue;
      }
      const block = BLOCKS.has(name);
      if (block) flush();
      collect(element.children, paragraphs, state);
      if (block) flush();
      else if (name === 'td' || name === 'th') state.buffer += ' ';
    }
  }
}

/** Paragraphs of text under the given elements (or the whole document). */
export function paragraphsOf($: CheerioAPI, root?: Cheerio<AnyNode>): string[] {
  const scope = root ?? $.root();
  scope.find(DROPPED).remove();
  const paragraphs: string[] = [];
  const state = { buffer: '' };
  collect(
    scope.toArray().flatMap((n) => ('children' in n ? (n as Element).children : [])),
    paragraphs,
    state,
  );
  const rest = normalizeSpaces(state.buffer).trim();
  if (rest) paragraphs.push(rest);
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
