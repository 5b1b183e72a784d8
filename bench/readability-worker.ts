/**
 * Runs Readability + jsdom over a slice of pages in its own process. jsdom
 * keeps about 1.5 MB per page even after window.close(), so the benchmark
 * hands it slices in fresh processes instead of letting one heap grow past
 * its limit.
 */
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';

process.once('message', (pages: { html: string; url: string }[]) => {
  let ok = 0;
  for (const page of pages) {
    const dom = new JSDOM(page.html, { url: page.url, virtualConsole: new VirtualConsole() });
    if (new Readability(dom.window.document).parse()?.textContent) ok++;
    dom.window.close();
  }
  process.send?.(ok, () => process.exit(0));
});
