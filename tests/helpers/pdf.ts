/**
 * Real PDFs made with pdf-lib for the tests of PDF items: pages with a text
 * layer, or "scanned" pages that are only shapes (no text layer at all).
 */
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';

type PdfPage = { lines: string[] } | 'scan';

export async function makePdf(
  pages: PdfPage | readonly PdfPage[],
  title?: string,
): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  if (title) doc.setTitle(title);
  const list: readonly PdfPage[] = Array.isArray(pages) ? pages : [pages as PdfPage];
  for (const kind of list) {
    const page = doc.addPage([595, 842]);
    if (kind === 'scan') {
      page.drawRectangle({ x: 40, y: 60, width: 515, height: 720, color: rgb(0.9, 0.9, 0.88) });
      for (let y = 740; y > 100; y -= 18) {
        page.drawRectangle({ x: 60, y, width: 460, height: 6, color: rgb(0.2, 0.2, 0.2) });
      }
    } else {
      kind.lines.forEach((line, i) => {
        page.drawText(line, { x: 50, y: 780 - i * 20, size: i === 0 ? 14 : 9, font });
      });
    }
  }
  return Buffer.from(await doc.save());
}
