/** Saved sites: pages found by URL however they are encoded, fixture links restored, bad manifests named. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SavedSite, SavedSiteError } from '../../../crawler/crawl/saved-site.js';
import { savedSite } from '../../replicas/site.js';

describe('a saved site from ../shared/sites', () => {
  it('finds a page by its URL in either percent-encoding of the query', () => {
    const site = savedSite('www.gov.uk');
    const encoded =
      'https://www.gov.uk/government/announcements.json?departments%5B%5D=foreign-commonwealth-office&direction=before&page=2';
    const raw =
      'https://www.gov.uk/government/announcements.json?departments[]=foreign-commonwealth-office&direction=before&page=2';
    expect(site.page(encoded)?.kind).toBe('api');
    expect(site.page(raw)).toBe(site.page(encoded));
    expect(site.page('https://www.gov.uk/government/news/nope')).toBeUndefined();
    expect(site.contentType(site.page(encoded)!)).toBe('application/json');
  });

  it('answers with the recorded status, type and location (a 302 robots.txt)', async () => {
    const answer = await savedSite('www.fmprc.gov.cn').answer(
      'https://www.fmprc.gov.cn/robots.txt',
    );
    expect(answer?.status).toBe(302);
    expect(answer?.headers.location).toMatch(/error\.htm$/);
  });

  it("points the fixture's localhost links back at the saved pages, bytes otherwise unchanged", async () => {
    const site = savedSite('mfa.gov.by');
    const listing = site.page('https://mfa.gov.by/en/press/statements/')!;
    const restored = (await site.bytes(listing)).toString('latin1');
    expect(restored).not.toContain('http://localhost/bf7e69d3fec2c5f0.html');
    expect(restored).toContain(
      'href="https://mfa.gov.by/en/press/statements/bf7e69d3fec2c5f0.html"',
    );
    // A localhost link to a page the copy does not hold stays as it is.
    const uz = savedSite('mfa.uz');
    const news = (await uz.bytes(uz.page('https://mfa.uz/en/press/news')!)).toString('utf8');
    expect(news).toContain('http://localhost/31033.html');
  });
});

describe('a bad saved site', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'saved-site-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const site = async (name: string, manifest: string, files: string[] = []) => {
    const folder = path.join(dir, name);
    await mkdir(folder, { recursive: true });
    for (const file of files) await writeFile(path.join(folder, file), '<html></html>');
    if (manifest) await writeFile(path.join(folder, '_manifest.jsonl'), manifest);
    return folder;
  };

  it('without a manifest says what a saved site is', async () => {
    const folder = await site('none', '');
    expect(() => SavedSite.open(folder)).toThrow(/has no _manifest\.jsonl/);
  });

  it('names the line, the field and the value of a bad manifest line', async () => {
    const folder = await site(
      'bad',
      '{"url": "https://x.example/a", "path": "a.html"}\n{"url": "ftp://x", "path": "a.html"}\n',
      ['a.html'],
    );
    expect(() => SavedSite.open(folder)).toThrow(SavedSiteError);
    expect(() => SavedSite.open(folder)).toThrow(
      /line 2: url = "ftp:\/\/x": must be an http\(s\) URL/,
    );
  });

  it('refuses a manifest that lists a missing file or leaves the folder', async () => {
    const missing = await site('missing', '{"url": "https://x.example/a", "path": "a.html"}\n');
    expect(() => SavedSite.open(missing)).toThrow(/path = "a.html": no such file/);
    const outside = await site('escape', '{"url": "https://x.example/a", "path": "../a.html"}\n');
    expect(() => SavedSite.open(outside)).toThrow(/must stay in the folder/);
    const broken = await site('broken', '{"url": \n');
    expect(() => SavedSite.open(broken)).toThrow(/line 1 is not JSON/);
  });
});
