/**
 * Telling a source's languages apart when its pages all claim one (the
 * Malaysian MFA says lang="en-US" on Malay releases too): real titles of its
 * listing, labelled by hand, and the text of its saved release.
 */
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { detectAmong } from '../../../crawler/normalize/language.js';
import { savedSite } from '../../replicas/site.js';

const labelled: [string, 'en' | 'ms'][] = [
  ['PROSES EVAKUASI WARGANEGARA MALAYSIA DARI UKRAINE', 'ms'],
  ['KEJADIAN BANJIR MELIBATKAN RAKYAT MALAYSIA DI WILAYAH QUEENSLAND, AUSTRALIA', 'ms'],
  ['MISI BANTUAN KEMANUSIAAN MALAYSIA UNTUK AFGHANISTAN', 'ms'],
  ['MALAYSIA’S HUMANITARIAN RELIEF MISSION TO AFGHANISTAN', 'en'],
  ['MEDIA REPORT REGARDING SOUTH LEDGE', 'en'],
  ['LAPORAN MEDIA BERHUBUNG TUBIR SELATAN', 'ms'],
  ['MALAYSIA ELECTED TO THE UNITED NATIONS HUMAN RIGHTS COUNCIL FOR THE TERM 2022 – 2024', 'en'],
  ['MALAYSIA DIPILIH SEBAGAI AHLI MAJLIS HAK ASASI MANUSIA BAGI PENGGAL 2022 – 2024', 'ms'],
];

describe('detectAmong', () => {
  it.each(labelled)('%s → %s', (title, lang) => {
    expect(detectAmong(title, ['en', 'ms'])).toBe(lang);
  });

  it('reads the saved release as English', async () => {
    const site = savedSite('www.kln.gov.my');
    const page = site.pages.find((p) => p.kind === 'item');
    if (!page) throw new Error('the copy holds no item');
    const $ = load((await site.bytes(page)).toString('utf8'));
    expect(detectAmong($('.journal-content-article').text(), ['en', 'ms'])).toBe('en');
  });

  it('decides by script where the script decides, and only among the candidates', () => {
    expect(
      detectAmong('Министерство иностранных дел Республики Беларусь заявляет', ['en', 'ru']),
    ).toBe('ru');
    expect(detectAmong('外交部发言人就有关问题答记者问', ['en', 'zh'])).toBe('zh');
    expect(detectAmong('The Ministry of Foreign Affairs of Malaysia', ['en'])).toBe('en');
    expect(detectAmong('ok', ['en', 'ms'])).toBeUndefined();
  });
});
