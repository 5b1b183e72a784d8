/**
 * A saved copy of a site: a folder holding every page at the path of its URL
 * and a `_manifest.jsonl` with one JSON line per page (url, path, status,
 * content type, kind …), as in ../shared/sites/. Read once, validated line by
 * line (a bad line names its number, field and value), then answered like
 * the live site would: by URL, with the recorded status and content type.
 *
 * Pages saved as test fixtures sometimes link the other saved pages as
 * `http://localhost/<file name>` (an edit made for the fixture's own tests).
 * Such a link is pointed back at the real URL of the saved page of that file
 * name; a link to a page the copy does not hold is left as it is.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { describeValue, fieldProblems } from '../../src/util/zod-errors.js';

export const MANIFEST_FILE = '_manifest.jsonl';

const manifestLineSchema = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    path: z
      .string()
      .min(1)
      .refine(
        (p) => !p.split('/').includes('..') && !path.isAbsolute(p),
        'must stay in the folder',
      ),
    status: z.number().int().min(100).max(599).nullable().optional(),
    content_type: z.string().nullable().optional(),
    charset: z.string().nullable().optional(),
    kind: z.string().min(1).nullable().optional(),
    lang: z.string().nullable().optional(),
    location: z.string().optional(),
    fetched_at: z.string().nullable().optional(),
  })
  .loose();

export type SavedPage = z.infer<typeof manifestLineSchema>;

/** A saved site's folder: a path as given, or a bare name (www.fmprc.gov.cn) under SHARED_DIR/sites. */
export function savedSiteFolder(site: string, sitesDir: string): string {
  return path.isAbsolute(site) || site.startsWith('.') || site.includes('/')
    ? path.resolve(site)
    : path.join(sitesDir, site);
}

export class SavedSiteError extends Error {
  readonly code = 'INVALID_SAVED_SITE';
}

/** What a request for one URL of the saved site is answered with. */
export interface SavedAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  page: SavedPage;
}

const LOCALHOST_LINK = /(["'])http:\/\/localhost\/([^"'?#\s]+)\1/g;

/** The part of a URL a saved page is looked up by: path and query, percent-encoding unified. */
function lookupKey(url: URL): string {
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return decode(`${url.pathname}${url.search}`);
}

function defaultContentType(page: SavedPage): string {
  if (page.kind === 'api' || /\.json($|\?)/.test(page.url)) return 'application/json';
  if (page.kind === 'feed' || page.kind === 'sitemap') return 'application/xml';
  if (page.path.endsWith('.pdf')) return 'application/pdf';
  if (page.path.endsWith('.txt')) return 'text/plain';
  return 'text/html';
}

export class SavedSite {
  private readonly byKey = new Map<string, SavedPage>();
  private readonly byFileName = new Map<string, SavedPage>();
  /** File names saved more than once: a localhost link to one cannot say which page it meant. */
  private readonly ambiguous = new Set<string>();

  private constructor(
    readonly dir: string,
    readonly pages: readonly SavedPage[],
  ) {
    for (const page of pages) {
      const url = new URL(page.url);
      this.byKey.set(`${url.host} ${lookupKey(url)}`, page);
      const name = path.posix.basename(page.path);
      if (this.byFileName.has(name)) this.ambiguous.add(name);
      this.byFileName.set(name, page);
    }
  }

  /** Reads DIR/_manifest.jsonl; throws SavedSiteError naming the line, the field and the value. */
  static open(dir: string): SavedSite {
    const manifest = path.join(dir, MANIFEST_FILE);
    if (!existsSync(manifest)) {
      throw new SavedSiteError(
        `${dir} is not a saved site: it has no ${MANIFEST_FILE} (one JSON line per page: url, path, …)`,
      );
    }
    const pages: SavedPage[] = [];
    const lines = readFileSync(manifest, 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (!line.trim()) return;
      const where = `${manifest} line ${index + 1}`;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new SavedSiteError(`${where} is not JSON: ${(error as Error).message}`);
      }
      const parsed = manifestLineSchema.safeParse(value);
      if (!parsed.success) {
        const p = fieldProblems(parsed.error, value)[0];
        throw new SavedSiteError(
          `${where}: ${p?.field} = ${describeValue(p?.value)}: ${p?.message}`,
        );
      }
      if (!existsSync(path.join(dir, parsed.data.path))) {
        throw new SavedSiteError(`${where}: path = "${parsed.data.path}": no such file in ${dir}`);
      }
      pages.push(parsed.data);
    });
    if (pages.length === 0) throw new SavedSiteError(`${manifest} lists no pages`);
    return new SavedSite(dir, pages);
  }

  /** The saved page of a URL (any percent-encoding of the same path and query), if held. */
  page(url: string | URL): SavedPage | undefined {
    const u = typeof url === 'string' ? new URL(url) : url;
    const key = lookupKey(u);
    return (
      this.byKey.get(`${u.host} ${key}`) ??
      (key.endsWith('/') ? this.byKey.get(`${u.host} ${key}index.html`) : undefined)
    );
  }

  /** The page's bytes as saved, with fixture links to other saved pages restored. */
  async bytes(page: SavedPage): Promise<Buffer> {
    const raw = await readFile(path.join(this.dir, page.path));
    if (!/html/i.test(this.contentType(page))) return raw;
    // latin1 keeps every byte as it is, whatever the page's charset: only ASCII links change.
    const text = raw.toString('latin1');
    let changed = false;
    const restored = text.replace(LOCALHOST_LINK, (whole, quote: string, name: string) => {
      const target = this.ambiguous.has(name) ? undefined : this.byFileName.get(name);
      if (!target) return whole;
      changed = true;
      return `${quote}${target.url}${quote}`;
    });
    return changed ? Buffer.from(restored, 'latin1') : raw;
  }

  contentType(page: SavedPage): string {
    return page.content_type ?? defaultContentType(page);
  }

  /** The answer the site gave (or would give) for a URL; undefined when the copy does not hold it. */
  async answer(url: string | URL): Promise<SavedAnswer | undefined> {
    const page = this.page(url);
    if (!page) return undefined;
    return {
      status: page.status ?? 200,
      headers: {
        'content-type': this.contentType(page),
        ...(page.location ? { location: page.location } : {}),
      },
      body: await this.bytes(page),
      page,
    };
  }
}

export interface ServedSite {
  /** Origin of the local server, e.g. http://127.0.0.1:40123. */
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves a saved site on 127.0.0.1 (a free port), answering each URL as the
 * site did: what `sources check` and `import --site` crawl instead of the
 * live site. Pages the copy does not hold answer 404.
 */
export async function serveSavedSite(site: SavedSite, siteOrigin: string): Promise<ServedSite> {
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    site
      .answer(new URL(request.url ?? '/', siteOrigin))
      .then((answer) => {
        if (!answer) {
          response.writeHead(404, { 'content-type': 'text/plain' }).end('not in the saved copy');
          return;
        }
        response.writeHead(answer.status, {
          ...answer.headers,
          'content-length': String(answer.body.length),
        });
        response.end(answer.body);
      })
      .catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
