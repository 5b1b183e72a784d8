/**
 * Charset decoding on the real saved pages: windows-1251 statements from
 * mfa.gov.by, the mfa.gov.by listing whose bytes were broken before it was
 * saved, and China MFA pages that mention gb2312 only inside a script.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { charsetFromMarkup, decodeBody } from '../../../crawler/crawl/decode.js';
import { sharedPath } from '../../helpers/shared.js';

const byDir = () => sharedPath('sites', 'mfa.gov.by', 'en', 'press', 'statements');
const statement = () => readFileSync(path.join(byDir(), 'bf7e69d3fec2c5f0.html'));
const listing = () => readFileSync(path.join(byDir(), 'index.html'));
const zhItem = () => {
  const dir = sharedPath('sites', 'www.fmprc.gov.cn', 'web', 'wjdt_674879', 'fyrbt_674889');
  const file = readdirSync(dir).find((f) => /^t\d+\.shtml$/.test(f));
  return readFileSync(path.join(dir, file!));
};

describe('decodeBody', () => {
  it('decodes the windows-1251 statements by their <meta> when the header has no charset', () => {
    const decoded = decodeBody(statement(), 'text/html');
    expect(decoded).toMatchObject({
      charset: 'windows-1251',
      source: 'meta',
      damaged: false,
      mismatch: false,
    });
    expect(decoded.text).toContain('Беларуси');
    expect(decoded.text).not.toContain('\uFFFD');
  });

  it('uses the header charset first', () => {
    const decoded = decodeBody(statement(), 'text/html; charset=windows-1251');
    expect(decoded).toMatchObject({ charset: 'windows-1251', source: 'header', damaged: false });
  });

  it('flags the mfa.gov.by listing (UTF-8 bytes full of U+FFFD, declared windows-1251) as damaged', () => {
    const decoded = decodeBody(listing(), 'text/html');
    expect(decoded.damaged).toBe(true);
    expect(decoded.mismatch).toBe(true);
    expect(decoded.note).toMatch(/declared windows-1251.*UTF-8/);
    expect(decoded.note).toMatch(/684 replacement characters/);
  });

  it('keeps Chinese item pages UTF-8: the <meta> comes first, gb2312 hides in a script', () => {
    const bytes = zhItem();
    expect(bytes.toString('latin1')).toContain("document.charset='gb2312'");
    expect(charsetFromMarkup(bytes)?.toLowerCase()).toBe('utf-8');
    const decoded = decodeBody(bytes, 'text/html');
    expect(decoded).toMatchObject({ charset: 'utf-8', source: 'meta', damaged: false });
    expect(decoded.text).toMatch(/外交部/);
  });

  it('decodes UTF-8 bytes served under a wrong single-byte header as UTF-8, and says so', () => {
    const decoded = decodeBody(zhItem(), 'text/html; charset=iso-8859-1');
    expect(decoded).toMatchObject({ charset: 'utf-8', mismatch: true, damaged: false });
    expect(decoded.text).toMatch(/外交部/);
  });

  it('does not trust a UTF-8 declaration on bytes that are not UTF-8', () => {
    const decoded = decodeBody(statement(), 'text/html; charset=utf-8');
    expect(decoded).toMatchObject({
      charset: 'windows-1251',
      source: 'meta',
      mismatch: true,
      declared: 'utf-8',
    });
    expect(decoded.text).toContain('Беларуси');
  });

  it('detects the charset when nothing declares it', () => {
    const text =
      'Министр иностранных дел Казахстана провел встречу с министром иностранных дел Китая. '.repeat(
        20,
      );
    const decoded = decodeBody(iconv.encode(`<p>${text}</p>`, 'windows-1251'), 'text/html');
    expect(decoded).toMatchObject({ charset: 'windows-1251', source: 'detected' });
    expect(decoded.text).toContain('Министр иностранных дел');
  });

  it('honours a byte-order mark and reads XML declarations', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<p>Қазақстан</p>')]);
    expect(decodeBody(bom, 'text/html; charset=windows-1251')).toMatchObject({
      charset: 'utf-8',
      source: 'bom',
      text: '<p>Қазақстан</p>',
    });
    const xml = iconv.encode(
      '<?xml version="1.0" encoding="windows-1251"?><rss><title>Новости</title></rss>',
      'windows-1251',
    );
    expect(decodeBody(xml, 'application/rss+xml').text).toContain('Новости');
  });
});
