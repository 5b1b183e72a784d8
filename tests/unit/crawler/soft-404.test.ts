/**
 * Soft 404s in the ministries' own words (issue 7, item 6): China MFA's real
 * error page (../shared) and not-found templates in en, ru, kk and zh from
 * the hostile test site become no release (SOFT_404), nor does a page whose
 * only text is navigation (EMPTY_CONTENT); real releases stay releases.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isProse,
  looksLikeNavigationOnly,
  looksLikeSoft404,
} from '../../../crawler/normalize/quality.js';
import { normalizeWithSource } from '../../../crawler/sources/index.js';
import { sharedPath } from '../../helpers/shared.js';
import { navigationOnlyPage, type SoftTemplate, softNotFoundPage } from '../../replicas/hostile.js';

const item = (text: string, sourceId = 'hostile-mfa') => ({
  sourceId,
  url: 'https://www.hostile.example/press/1.html',
  format: 'html' as const,
  text,
  fetchedAt: '2024-07-01T00:00:00.000Z',
  firstSeenAt: '2024-07-01T00:00:00.000Z',
});

describe('soft 404 templates', () => {
  it('China MFA error page: "没有找到您要的网页" beside the menu, the ministry as title', () => {
    const outcome = normalizeWithSource(item(softNotFoundPage('fmprc').toString('utf8'), 'cn-mfa'));
    expect(outcome).toMatchObject({ ok: false, code: 'SOFT_404' });
  });

  for (const template of ['en', 'ru', 'kk', 'zh'] as SoftTemplate[]) {
    it(`a not-found page in ${template}, its message outside the menu block`, () => {
      expect(normalizeWithSource(item(softNotFoundPage(template).toString('utf8')))).toMatchObject({
        ok: false,
        code: 'SOFT_404',
      });
    });
  }

  it('reads not-found phrases in four languages, in a title or a short text', () => {
    for (const text of [
      'Sorry, the page you requested cannot be found.',
      'The document you are looking for is no longer available.',
      'Запрашиваемая страница не найдена',
      'Сіз сұраған бет табылмады',
      '对不起，您访问的页面不存在',
      '抱歉，没有找到您要的网页',
    ]) {
      expect(looksLikeSoft404('Ministry', text), text).toBe(true);
      expect(looksLikeSoft404(text, ''), text).toBe(true);
    }
  });

  it('is not fooled by releases that say "not found" or "does not exist" about the world', () => {
    expect(
      looksLikeSoft404('Компромисс по границе пока не найден', 'Текст заявления. '.repeat(20)),
    ).toBe(false);
    expect(
      looksLikeSoft404('中方：不存在所谓“债务陷阱”', '外交部发言人表示，中方一贯主张……'.repeat(10)),
    ).toBe(false);
    const prose =
      'The Ministry notes that a solution does not exist without dialogue between the parties.';
    expect(looksLikeSoft404('Statement on the talks', prose, `Menu\n${prose}`)).toBe(false);
  });
});

describe('bare "404" and "not found" (found by acceptance testing)', () => {
  const paragraphs = (n: number) =>
    Array.from(
      { length: n },
      (_, i) =>
        `Paragraph ${i + 1}: the delegations met in Geneva and discussed the border, trade and the return of displaced people, and agreed to meet again next month.`,
    ).join('\n\n');

  it('a release whose title or short text says "not found" or "404" in a sentence stays a release', () => {
    for (const title of [
      'Talks in Geneva: a compromise was not found',
      'Statement on UN Security Council resolution 404',
    ]) {
      expect(looksLikeSoft404(title, paragraphs(3)), title).toBe(false);
      expect(looksLikeSoft404(title, paragraphs(1)), title).toBe(false);
      const page = `<html><head><title>${title}</title></head><body><h1>${title}</h1>${paragraphs(3)
        .split('\n\n')
        .map((p) => `<p>${p}</p>`)
        .join('')}</body></html>`;
      expect(normalizeWithSource(item(page)), title).toMatchObject({ ok: true });
    }
    expect(looksLikeSoft404('Statement', 'A compromise was not found. The talks go on.')).toBe(
      false,
    );
  });

  it("still reads them as an error page's label: the whole title, a part of it, or a line", () => {
    for (const title of [
      '404',
      'Not Found',
      '404 | Ministry of Foreign Affairs',
      'Error 404 - MFA',
    ]) {
      expect(looksLikeSoft404(title, ''), title).toBe(true);
    }
    expect(looksLikeSoft404('Ministry of Foreign Affairs', 'Home\nNot found\nContacts')).toBe(true);
  });

  it('says in its reason which words gave the page away, not the page title', () => {
    const outcome = normalizeWithSource(item(softNotFoundPage('fmprc').toString('utf8'), 'cn-mfa'));
    expect(outcome).toMatchObject({ ok: false, code: 'SOFT_404' });
    const reason = outcome.ok ? '' : outcome.reason;
    const said = /it says "([^"]+)"/.exec(reason)?.[1];
    expect(said).toBeDefined();
    expect(softNotFoundPage('fmprc').toString('utf8')).toContain(said);
    expect(reason).not.toContain('中华人民共和国外交部');
  });
});

describe('navigation only', () => {
  it('a page of menus with no sentence is EMPTY_CONTENT', () => {
    expect(looksLikeNavigationOnly(['Home', 'The Minister', 'Press service', 'Contacts'])).toBe(
      true,
    );
    expect(normalizeWithSource(item(navigationOnlyPage()))).toMatchObject({
      ok: false,
      code: 'EMPTY_CONTENT',
    });
  });

  it('one sentence of text is a release, in any of the four languages', () => {
    for (const sentence of [
      'The Foreign Minister of Japan met his counterpart.',
      'Министр иностранных дел провел встречу с послом.',
      'Сыртқы істер министрі елшімен кездесті және екіжақты ынтымақтастықты талқылады.',
      '外交部发言人就中方立场回答了记者提问。',
    ]) {
      expect(isProse(sentence), sentence).toBe(true);
      expect(looksLikeNavigationOnly(['Home', sentence])).toBe(false);
    }
  });

  it('real China MFA transcripts in ../shared (every 8th) are still releases', () => {
    const dir = sharedPath('sites', 'www.fmprc.gov.cn');
    const manifest = readFileSync(path.join(dir, '_manifest.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { path: string; kind: string; url: string });
    // A sample keeps the unit suite fast; all 1,500 pass too (checked when this was written).
    const items = manifest.filter((p) => p.kind === 'item').filter((_p, i) => i % 8 === 0);
    expect(items.length).toBeGreaterThan(150);
    const refused = items.filter((p) => {
      const outcome = normalizeWithSource({
        ...item(readFileSync(path.join(dir, p.path), 'utf8'), 'cn-mfa'),
        url: p.url,
      });
      return !outcome.ok;
    });
    expect(refused.map((p) => p.url)).toEqual([]);
  });
});
