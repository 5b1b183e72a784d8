/**
 * Text of a PDF item (a ministry's statement published as a document), with
 * unpdf (PDF.js built for servers): the text of each page, the page count
 * and the document title. A PDF whose pages hold no text is a scan or an
 * image: it has no text layer, and says so (PDF_NO_TEXT_LAYER) instead of
 * becoming an empty release; OCR is outside this tool. Pure: bytes in, text
 * out, no I/O.
 */
import { extractText, getDocumentProxy } from 'unpdf';

export interface PdfText {
  pages: number;
  /** Text of each page, whitespace tidied; "" for a page without a text layer. */
  pageTexts: string[];
  /** The document's own title (Info dictionary), when it has a real one. */
  title?: string;
  warnings: { code: 'PDF_NO_TEXT_LAYER' | 'PDF_PAGES_WITHOUT_TEXT'; message: string }[];
}

export class PdfError extends Error {
  readonly code = 'INVALID_PDF';
}

/** Fewer letters than this on a page: no text layer (page numbers and stray marks are not text). */
const MIN_PAGE_LETTERS = 20;

const letters = (text: string) => text.match(/\p{L}/gu)?.length ?? 0;

function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export async function extractPdf(bytes: Uint8Array): Promise<PdfText> {
  if (!(bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46)) {
    throw new PdfError('not a PDF: the bytes do not start with %PDF');
  }
  let document: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // PDF.js takes the buffer over; give it a copy so the caller's bytes stay intact.
    document = await getDocumentProxy(new Uint8Array(bytes));
  } catch (error) {
    throw new PdfError(`the PDF cannot be read: ${(error as Error).message}`);
  }
  try {
    const { totalPages, text } = await extractText(document, { mergePages: false });
    const pageTexts = text.map(tidy);
    const info = ((await document.getMetadata().catch(() => undefined))?.info ?? {}) as {
      Title?: unknown;
    };
    const title = typeof info.Title === 'string' ? info.Title.trim() : '';
    const empty = pageTexts.filter((t) => letters(t) < MIN_PAGE_LETTERS).length;
    const warnings: PdfText['warnings'] = [];
    if (empty === totalPages) {
      warnings.push({
        code: 'PDF_NO_TEXT_LAYER',
        message: `none of its ${totalPages} page${totalPages === 1 ? '' : 's'} has a text layer (a scan or an image); its text would need OCR`,
      });
    } else if (empty > 0) {
      warnings.push({
        code: 'PDF_PAGES_WITHOUT_TEXT',
        message: `${empty} of its ${totalPages} pages have no text layer; their text is missing`,
      });
    }
    return {
      pages: totalPages,
      pageTexts,
      // Producers put file names and "Untitled" in the title field: only a real title counts.
      ...(letters(title) >= 5 && !/^untitled|\.(docx?|pdf)$/i.test(title) ? { title } : {}),
      warnings,
    };
  } finally {
    await document.destroy();
  }
}

/** A PDF item as the archive keeps it (the normalizer reads it back, format "pdf"). */
export function pdfItemText(pdf: PdfText, listingTitle?: string): string {
  return JSON.stringify({
    pages: pdf.pages,
    pageTexts: pdf.pageTexts,
    ...(pdf.title ? { title: pdf.title } : {}),
    ...(listingTitle ? { listingTitle } : {}),
    warnings: pdf.warnings,
  });
}
