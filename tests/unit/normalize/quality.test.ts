import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'cheerio';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  isMojibake,
  looksLikeAppShell,
  looksLikeSoft404,
} from '../../../crawler/normalize/quality.js';
import { sharedPath } from '../../helpers/shared.js';

describe('mojibake', () => {
  const russian =
    'Министр иностранных дел Казахстана провел встречу с министром иностранных дел Китая.';

  it('passes clean Russian, Kazakh, Chinese and English text', () => {
    expect(isMojibake(russian)).toBe(false);
    expect(isMojibake('Қазақстан Республикасының Сыртқы істер министрлігі')).toBe(false);
    expect(isMojibake('外交部发言人就有关问题答记者问')).toBe(false);
    expect(isMojibake('The Secretary’s meeting — “energy” and café')).toBe(false);
  });

  it('flags UTF-8 read as windows-1251 and as Latin-1', () => {
    const bytes = Buffer.from(russian, 'utf8');
    expect(isMojibake(iconv.decode(bytes, 'win1251'))).toBe(true);
    expect(isMojibake(iconv.decode(bytes, 'latin1'))).toBe(true);
  });

  const pageText = (html: string) => {
    const $ = load(html);
    $('script, style').remove();
    return $('body').text();
  };
  const byDir = () => sharedPath('sites', 'mfa.gov.by', 'en', 'press', 'statements');

  it('flags the real mfa.gov.by listing, already full of U+FFFD, however it is decoded', () => {
    const bytes = readFileSync(path.join(byDir(), 'index.html'));
    expect(isMojibake(pageText(iconv.decode(bytes, 'win1251')))).toBe(true);
    expect(isMojibake(pageText(bytes.toString('utf8')))).toBe(true);
  });

  it('passes a real mfa.gov.by statement decoded as the windows-1251 it is', () => {
    const bytes = readFileSync(path.join(byDir(), 'cf70e7349e4f19db.html'));
    expect(isMojibake(pageText(iconv.decode(bytes, 'win1251')))).toBe(false);
    expect(isMojibake(pageText(bytes.toString('utf8')))).toBe(true);
  });
});

describe('soft 404 and app shells', () => {
  it('recognises "not found" templates', () => {
    expect(looksLikeSoft404('Page not found', 'Sorry, this page does not exist.')).toBe(true);
    expect(looksLikeSoft404('Страница не найдена', '')).toBe(true);
    expect(looksLikeSoft404('对不起，您访问的页面不存在', '')).toBe(true);
    expect(
      looksLikeSoft404(
        'Secretary Blinken’s Call',
        'The Secretary spoke about 404 refugees.'.repeat(50),
      ),
    ).toBe(false);
  });

  it('recognises an empty single-page-app shell', () => {
    expect(looksLikeAppShell('You need to enable JavaScript to run this app.')).toBe(true);
    expect(looksLikeAppShell('A long release text. '.repeat(40))).toBe(false);
  });
});
