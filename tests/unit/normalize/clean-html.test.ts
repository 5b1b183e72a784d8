import { describe, expect, it } from 'vitest';
import { htmlToText, normalizePlainText } from '../../../crawler/normalize/clean-html.js';
import { detectLanguage } from '../../../crawler/normalize/language.js';

describe('htmlToText', () => {
  it('keeps paragraphs and drops scripts, styles and inputs', () => {
    const html =
      '<p>Office of the Spokesperson</p>\n<script>var x = 1;</script><style>p{}</style><p>The  United\nStates &amp; Kazakhstan&nbsp;met.</p><p><input type="hidden" data-filter="x" /></p>';
    expect(htmlToText(html)).toBe(
      'Office of the Spokesperson\n\nThe United States & Kazakhstan met.',
    );
  });

  it('removes soft hyphens and zero-width characters, keeps line breaks inside a paragraph', () => {
    expect(htmlToText('<p>energy\u00ADsecurity\u200B<br>next line</p>')).toBe(
      'energysecurity\nnext line',
    );
  });

  it('splits lists and tables into readable blocks', () => {
    expect(
      htmlToText('<ul><li>one</li><li>two</li></ul><table><tr><td>a</td><td>b</td></tr></table>'),
    ).toBe('one\n\ntwo\n\na b');
  });

  it('survives unclosed and deeply nested markup', () => {
    const deep = `${'<div>'.repeat(10000)}deep text${'</div>'.repeat(10)}<p>unclosed`;
    expect(htmlToText(deep)).toBe('deep text\n\nunclosed');
  });

  it('normalizes plain text the same way', () => {
    expect(normalizePlainText('a\u00A0 b\n\n\n c ')).toBe('a b\n\nc');
  });
});

describe('detectLanguage', () => {
  it('tells ru, kk, en and zh apart', () => {
    expect(detectLanguage('Министр иностранных дел Казахстана провел встречу')).toBe('ru');
    expect(detectLanguage('Қазақстан Республикасының Сыртқы істер министрі кездесу өткізді')).toBe(
      'kk',
    );
    expect(detectLanguage('The Secretary met the Foreign Minister of Kazakhstan')).toBe('en');
    expect(detectLanguage('外交部发言人就有关问题答记者问')).toBe('zh');
    expect(detectLanguage('1234 !!')).toBeUndefined();
  });
});
