/**
 * PDF items: real PDFs made here with pdf-lib, one with a text layer over
 * two pages, one that is only an image of a page (a scan), one mixed, and
 * bytes that are not a PDF.
 */
import { describe, expect, it } from 'vitest';
import { extractPdf, PdfError } from '../../../crawler/normalize/pdf.js';
import { makePdf } from '../../helpers/pdf.js';

const pdf = (pages: ('text' | 'scan')[], title?: string) =>
  makePdf(
    pages.map((kind, index) =>
      kind === 'scan'
        ? 'scan'
        : {
            lines: [
              'Statement of the Ministry of Foreign Affairs',
              `The Ministry welcomes the agreement reached in Astana (page ${index + 1}).`,
            ],
          },
    ),
    title,
  );

describe('extractPdf', () => {
  it('gives the text of each page, the page count and the document title', async () => {
    const result = await extractPdf(await pdf(['text', 'text'], 'Statement on the Astana talks'));
    expect(result.pages).toBe(2);
    expect(result.title).toBe('Statement on the Astana talks');
    expect(result.pageTexts).toHaveLength(2);
    expect(result.pageTexts[0]).toContain('Statement of the Ministry of Foreign Affairs');
    expect(result.pageTexts[1]).toContain('reached in Astana (page 2)');
    expect(result.warnings).toEqual([]);
  });

  it('says when a PDF has no text layer at all (PDF_NO_TEXT_LAYER)', async () => {
    const result = await extractPdf(await pdf(['scan', 'scan', 'scan']));
    expect(result.pages).toBe(3);
    expect(result.pageTexts.join('')).toBe('');
    expect(result.warnings).toEqual([
      {
        code: 'PDF_NO_TEXT_LAYER',
        message:
          'none of its 3 pages has a text layer (a scan or an image); its text would need OCR',
      },
    ]);
  });

  it('says when only some pages lack text (PDF_PAGES_WITHOUT_TEXT)', async () => {
    const result = await extractPdf(await pdf(['text', 'scan']));
    expect(result.warnings.map((w) => w.code)).toEqual(['PDF_PAGES_WITHOUT_TEXT']);
    expect(result.title).toBeUndefined();
  });

  it('refuses bytes that are not a PDF, or a broken one (INVALID_PDF)', async () => {
    await expect(extractPdf(new TextEncoder().encode('<html>Not found</html>'))).rejects.toThrow(
      PdfError,
    );
    const broken = (await pdf(['text'])).slice(0, 300);
    await expect(extractPdf(broken)).rejects.toMatchObject({ code: 'INVALID_PDF' });
  });
});
