/**
 * `npm run sources` as a person adding a ministry runs it: list, check from
 * a replica, check --live against a site of the test's own on 127.0.0.1
 * (passing, which verifies the source) and against a closed port (failing
 * cleanly), SOURCES_DIR with a good and a bad file, and usage errors.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { freePort } from '../../../src/meili/launcher.js';
import { spawnCli } from '../../helpers/cli.js';
import { type Replica, startReplica } from '../../replicas/server.js';

let dir: string;
let site: Replica;
let mine: string;

/** A ministry of the test's own: a listing of two statements, one page each. */
const STATEMENTS = [
  ['1', 'Statement on the talks in Astana', '3 March 2024'],
  ['2', 'Statement on the Caspian summit', '1 March 2024'],
] as const;

function statement(id: string, title: string, date: string): string {
  const text =
    `The Ministry of Foreign Affairs welcomes the agreement reached with Kazakhstan and Uzbekistan on ${date}. `.repeat(
      4,
    );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} - Ministry</title></head>
<body><nav><a href="/">Home</a></nav><main><h1>${title}</h1><p class="date">${date}</p><div class="text"><p>${text}</p><p>Statement ${id}.</p></div></main></body></html>`;
}

function sourceFile(id: string, baseUrl: string) {
  return {
    id,
    name: { en: `Test ministry ${id}` },
    country: 'KZ',
    languages: ['en'],
    kind: 'html',
    homepage: `${baseUrl}/`,
    baseUrl,
    enabled: false,
    verified: false,
    provenance: ['tests/integration/crawler/sources-cli.test.ts: a site of the test’s own'],
    startUrls: { en: '/press/' },
    listing: { items: 'ul.press a', paging: { next: 'a.next' } },
    extract: { timeZone: 'Asia/Almaty', title: ['h1'], date: ['p.date'], body: ['div.text'] },
  };
}

const sources = (args: string[], env: Record<string, string> = {}) =>
  spawnCli('crawler/sources-cli.ts', args, { DATA_DIR: path.join(dir, 'data'), ...env }).done;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sources-cli-'));
  site = await startReplica((request) => {
    if (request.path === '/press/') {
      const links = STATEMENTS.map(
        ([id, title]) => `<li><a href="/press/${id}.html">${title}</a></li>`,
      );
      return {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: `<html><body><ul class="press">${links.join('')}</ul></body></html>`,
      };
    }
    const found = STATEMENTS.find(([id]) => request.path === `/press/${id}.html`);
    return found
      ? {
          status: 200,
          headers: { 'content-type': 'text/html; charset=utf-8' },
          body: statement(found[0], found[1], found[2]),
        }
      : undefined;
  });
  mine = path.join(dir, 'my-sources');
  await mkdir(mine);
  await writeFile(
    path.join(mine, 'local-mfa.yaml'),
    stringify(sourceFile('local-mfa', site.baseUrl)),
  );
  const closed = `http://127.0.0.1:${await freePort()}`;
  await writeFile(path.join(mine, 'down-mfa.yaml'), stringify(sourceFile('down-mfa', closed)));
});

afterAll(async () => {
  await site.close();
  await rm(dir, { recursive: true, force: true });
});

describe('npm run sources', () => {
  it('explains itself with --help', async () => {
    const { code, stdout } = await sources(['--help']);
    expect(code).toBe(0);
    for (const text of ['list', 'check ID', 'schema', '--live', '--items N', 'SOURCES_DIR']) {
      expect(stdout).toContain(text);
    }
  });

  it('lists every source with kind, languages, verified state, replica and health', async () => {
    const { code, stdout } = await sources(['list']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^id\s+kind\s+languages\s+crawled\s+verified\s+replica\s+health/);
    expect(stdout).toMatch(
      /\nmy-mfa\s+html\s+en,ms\s+no\s+yes\s+www\.kln\.gov\.my\s+never crawled/,
    );
    expect(stdout).toMatch(/\nkz-mfa\s+json\s+ru,kk,en\s+yes\s+no\s+—/);
    const listed = JSON.parse((await sources(['list', '--json'])).stdout) as { id: string }[];
    expect(listed.length).toBeGreaterThanOrEqual(12);
  });

  it('checks a source from its replica: per item, a verdict for each field', async () => {
    const { code, stdout } = await sources(['check', 'by-mfa']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Checking by-mfa from replica .*sites\/mfa\.gov\.by/);
    expect(stdout).toContain('LISTING_TEXT_DAMAGED');
    expect(stdout).toMatch(
      /ok {3}https:\/\/mfa\.gov\.by\/en\/press\/statements\/cf70e7349e4f19db\.html\n\s+ok {3}title\s+Statement by Minister/,
    );
    // The page that prints no date says so, and which rule found nothing.
    expect(stdout).toMatch(/FAIL date\s+—\n\s+↳ no publication date was found.*extract\.date/);
    expect(stdout).toMatch(/5 items: 4 pass, 0 with warnings, 1 failing\ncheck passed/);
  });

  it('refuses a check without a replica, and bad arguments, with exit code 2', async () => {
    const [noReplica, unknown, items, command] = await Promise.all([
      sources(['check', 'kz-mfa']),
      sources(['check', 'xx-mfa']),
      sources(['check', 'by-mfa', '--items', '0']),
      sources(['frobnicate']),
    ]);
    expect(noReplica.code).toBe(2);
    expect(noReplica.stderr).toContain('cannot check kz-mfa [NO_REPLICA]');
    expect(noReplica.stderr).toContain('--live');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown source "xx-mfa"');
    expect(items.code).toBe(2);
    expect(items.stderr).toContain('--items must be a whole number of at least 1, got "0"');
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('Unknown command "frobnicate"');
  });

  it('adds the sources of SOURCES_DIR, and stops naming the file, field and value of a bad one', async () => {
    const { code, stdout } = await sources(['list'], { SOURCES_DIR: mine });
    expect(code).toBe(0);
    expect(stdout).toMatch(/\nlocal-mfa\s+html\s+en\s+no\s+no\s+—\s+never crawled/);
    const broken = path.join(dir, 'broken-sources');
    await mkdir(broken);
    await writeFile(
      path.join(broken, 'bad-mfa.yaml'),
      stringify({ ...sourceFile('bad-mfa', site.baseUrl), extract: { timeZone: 'Mars/Olympus' } }),
    );
    const bad = await sources(['list'], { SOURCES_DIR: broken });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /bad-mfa\.yaml:\n- extract\.timeZone = "Mars\/Olympus": must be an IANA time zone/,
    );
  });

  it('fails a live check cleanly when the site cannot be reached (a closed local port)', async () => {
    const { code, stdout } = await sources(['check', 'down-mfa', '--live'], { SOURCES_DIR: mine });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^Checking down-mfa from live/);
    expect(stdout).toMatch(/HOST_UNREACHABLE: .*127\.0\.0\.1/);
    expect(stdout).toMatch(/check FAILED: the crawl could not reach the site/);
  });

  it('verifies a source whose live check passes, and lists it as verified with the time', async () => {
    const { code, stdout } = await sources(['check', 'local-mfa', '--live'], { SOURCES_DIR: mine });
    expect(code).toBe(0);
    expect(stdout).toMatch(/ok\s+date\s+2024-03-03T00:00:00\+05:00 \(date\)/);
    expect(stdout).toMatch(/2 items: 2 pass/);
    expect(stdout).toContain('local-mfa is verified');
    const listed = await sources(['list'], { SOURCES_DIR: mine });
    const today = new Date().toISOString().slice(0, 10);
    expect(listed.stdout).toMatch(new RegExp(`\\nlocal-mfa\\s+html\\s+en\\s+no\\s+live ${today}`));
    expect(listed.stdout).toMatch(/\ndown-mfa\s+html\s+en\s+no\s+no/);
  });

  it('tells whether the JSON Schema file is up to date', async () => {
    const { code, stdout } = await sources(['schema', '--check']);
    expect(code).toBe(0);
    expect(stdout).toContain('source.schema.json is up to date');
  });
});
