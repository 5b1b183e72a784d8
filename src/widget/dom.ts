/**
 * The widget builds every node with the DOM API and puts release text in as
 * text: no innerHTML anywhere, so markup inside an indexed release can only
 * ever show as characters.
 */

type Attrs = Record<string, string | number | boolean | undefined | null>;
type Child = Node | string | false | null | undefined;

/** An element with attributes (false/null/undefined ones left out) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...(children.filter(Boolean) as (Node | string)[]));
  return element;
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

const decode = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);

/**
 * Appends an API highlight ("escaped text with <mark>…</mark>") as text nodes
 * and <mark> elements. Only the literal <mark> and </mark> tokens are markup;
 * everything else, whatever it looks like, becomes text.
 */
export function appendHighlighted(parent: Element, html: string): void {
  let mark: HTMLElement | undefined;
  for (const part of html.split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') {
      mark = h('mark', { part: 'mark' });
      parent.append(mark);
    } else if (part === '</mark>') {
      mark = undefined;
    } else if (part) {
      (mark ?? parent).append(decode(part));
    }
  }
}

/** The URL if it is http(s), else undefined: javascript:, data: and the like never become links. */
export function safeUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
