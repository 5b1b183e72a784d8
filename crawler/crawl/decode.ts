/**
 * Bytes → text, the way a browser would and a little more carefully. Pure.
 *
 * Order: a byte-order mark; the charset of the Content-Type header; the
 * page's own declaration (`<meta charset>`, `<meta http-equiv>`, or the XML
 * declaration), looked for in the first 1,024 bytes as the HTML standard's
 * prescan does (so `document.charset='gb2312'` deep inside a script does not
 * count); then detection (chardet). Two checks guard against declarations
 * that lie:
 * - a declared single-byte charset (windows-1251, latin-1 …) on bytes that are
 *   valid UTF-8 with multi-byte sequences: the bytes are UTF-8 (`mismatch`);
 * - a declared UTF-8 on bytes that are not valid UTF-8: the next source in the
 *   order is tried.
 * Text that is still full of U+FFFD (bytes already broken before they were
 * served) is flagged `damaged`: it must not be indexed as if it were text.
 */
import { isUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';

export type CharsetSource = 'bom' | 'header' | 'meta' | 'detected' | 'default';

export interface Decoded {
  text: string;
  /** The charset the text was decoded with (lowercase WHATWG-style label). */
  charset: string;
  source: CharsetSource;
  /** What the header or the page declared, when it differs from what was used. */
  declared?: string;
  /** The declaration did not fit the bytes. */
  mismatch: boolean;
  /** The text is damaged beyond repair (replacement characters). */
  damaged: boolean;
  /** Why `damaged` or `mismatch` is set, for logs. */
  note?: string;
}

const ALIASES: Record<string, string> = {
  utf8: 'utf-8',
  'utf-8': 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  cp1251: 'windows-1251',
  'windows-1251': 'windows-1251',
  'x-cp1251': 'windows-1251',
  'iso-8859-1': 'windows-1252', // as browsers do
  latin1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  gb2312: 'gbk', // browsers decode gb2312 as gbk (a superset)
  gbk: 'gbk',
  gb18030: 'gb18030',
};

/** A normalized charset label iconv-lite can decode, or undefined. */
export function normalizeCharset(label: string | undefined | null): string | undefined {
  if (!label) return undefined;
  const cleaned = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (!cleaned) return undefined;
  const known = ALIASES[cleaned] ?? cleaned;
  return iconv.encodingExists(known) ? known : undefined;
}

export function charsetFromContentType(contentType: string | undefined | null): string | undefined {
  if (!contentType) return undefined;
  const match = /;\s*charset\s*=\s*("?)([^";,\s]+)\1/i.exec(contentType);
  return match?.[2];
}

/** The charset the document declares in its first 1,024 bytes (meta or XML declaration). */
export function charsetFromMarkup(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString(
    'latin1',
  );
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (xml) return xml[1];
  // Comments may hide a meta; strip them as the prescan skips them.
  const markup = head.replace(/<!--[\s\S]*?-->/g, '');
  for (const meta of markup.matchAll(/<meta\b[^>]*>/gi)) {
    const tag = meta[0];
    const direct = /\bcharset\s*=\s*["']?\s*([^"'\s/>;]+)/i.exec(tag);
    if (direct && !/http-equiv/i.test(tag)) return direct[1];
    if (/http-equiv\s*=\s*["']?content-type/i.test(tag)) {
      const content = /\bcontent\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
      const value = content?.[2] ?? content?.[3] ?? content?.[4];
      const charset = charsetFromContentType(`x;${value?.split(';').slice(1).join(';') ?? ''}`);
      if (charset) return charset;
    }
  }
  return undefined;
}

function bomOf(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** Valid UTF-8, and whether it has any multi-byte sequence at all. */
function utf8Validity(bytes: Uint8Array): { valid: boolean; multibyte: boolean } {
  let multibyte = false;
  for (const byte of bytes) {
    if (byte >= 0x80) {
      multibyte = true;
      break;
    }
  }
  return { valid: !multibyte || isUtf8(bytes), multibyte };
}

const SINGLE_BYTE = /^(windows-125\d|iso-8859-\d+|koi8-[ru]|ibm866|x-mac-cyrillic|macintosh)$/;

/** Bytes decoded with a known charset (one `decodeBody` chose earlier). */
export function decodeWith(bytes: Uint8Array, charset: string): string {
  const text =
    charset === 'utf-8'
      ? new TextDecoder('utf-8').decode(bytes)
      : iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), charset);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Replacement characters, and U+FFFD's own bytes read as windows-1251 ("пїЅ")
 * or latin-1 ("ï¿½"): the marks of bytes broken before they reached us.
 */
export function damageCount(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) count++;
  count += text.match(/пїЅ|ï¿½/g)?.length ?? 0;
  return count;
}

/** More than 8 broken characters and more than 0.2% of the text: not worth indexing. */
function isDamaged(text: string): boolean {
  const count = damageCount(text);
  return count > 8 && count / Math.max(1, text.length) > 0.002;
}

function detect(bytes: Uint8Array): string | undefined {
  const sample = bytes.length > 65_536 ? bytes.subarray(0, 65_536) : bytes;
  return normalizeCharset(chardet.detect(sample));
}

export function decodeBody(bytes: Uint8Array, contentType?: string | null): Decoded {
  const bom = bomOf(bytes);
  if (bom) return finish(bytes, bom, 'bom', undefined, false);

  const headerLabel = charsetFromContentType(contentType);
  const header = normalizeCharset(headerLabel);
  const metaLabel = /html|xml/i.test(contentType ?? 'html') ? charsetFromMarkup(bytes) : undefined;
  const meta = normalizeCharset(metaLabel);
  const candidates: { charset: string; source: CharsetSource }[] = [];
  if (header) candidates.push({ charset: header, source: 'header' });
  if (meta && meta !== header) candidates.push({ charset: meta, source: 'meta' });
  const declared = header ?? meta;

  const utf8 = utf8Validity(bytes);
  let lie: string | undefined;
  for (const candidate of candidates) {
    if (candidate.charset === 'utf-8' && !utf8.valid) {
      lie = `declared utf-8 (${candidate.source}) but the bytes are not UTF-8`;
      continue; // try the next source
    }
    if (SINGLE_BYTE.test(candidate.charset) && utf8.valid && utf8.multibyte) {
      return finish(
        bytes,
        'utf-8',
        candidate.source,
        candidate.charset,
        true,
        `declared ${candidate.charset} (${candidate.source}) but the bytes are UTF-8`,
      );
    }
    return finish(
      bytes,
      candidate.charset,
      candidate.source,
      lie ? 'utf-8' : undefined,
      lie !== undefined,
      lie,
    );
  }
  if (utf8.valid) {
    return finish(
      bytes,
      'utf-8',
      utf8.multibyte ? 'detected' : 'default',
      declared,
      declared !== undefined,
      declared ? `declared ${declared} but the bytes are not` : undefined,
    );
  }
  const detected = detect(bytes) ?? 'windows-1252';
  return finish(
    bytes,
    detected,
    'detected',
    declared,
    declared !== undefined,
    declared ? `declared ${declared} but the bytes are not` : undefined,
  );
}

function finish(
  bytes: Uint8Array,
  charset: string,
  source: CharsetSource,
  declared: string | undefined,
  mismatch: boolean,
  note?: string,
): Decoded {
  const text = decodeWith(bytes, charset);
  const damaged = isDamaged(text);
  const notes = [note, damaged ? `${damageCount(text)} replacement characters` : undefined].filter(
    Boolean,
  );
  return {
    text,
    charset,
    source,
    ...(declared && declared !== charset ? { declared } : {}),
    mismatch,
    damaged,
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
  };
}
