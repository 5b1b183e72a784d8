/**
 * `npm run import -- --site DIR --source ID` as a user runs it: each saved
 * site of ../shared/sites through its source's own rules and the normal
 * ingest path into the archive and the run's Meilisearch — every item the
 * copy holds checked against what its page says, the GOV.UK item no held
 * listing links included — a second import changing nothing, and clear
 * errors for bad arguments.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../src/archive/archive.js';
import { meiliEnv, spawnCli } from '../helpers/cli.js';
import { createTestIndex, deleteIndex, testClient } from '../helpers/meili.js';
import { sharedDir } from '../helpers/shared.js';
import {
  BELARUS,
  differences,
  GOV_UK,
  type ItemExpectation,
  MALAYSIA,
} from '../replicas/expectations.js';

const client = testClient(30_000);
let uid: string;
let dir: string;

const importSite = (args: string[]) =>
  spawnCli('src/cli/import.ts', args, {
    ...meiliEnv(uid),
    DATA_DIR: path.join(dir, 'data'),
    SHARED_DIR: sharedDir,
  }).done;

function releasesOf(source: string) {
  const archive = new Archive(path.join(dir, 'data', 'archive.db'));
  try {
    const rows = archive.db
      .prepare('SELECT item_url, json FROM releases WHERE source = ?')
      .all(source) as { item_url: string; json: string }[];
    return new Map(rows.map((r) => [r.item_url, JSON.parse(r.json)]));
  } finally {
    archive.close();
  }
}

function expectItems(source: string, expected: ItemExpectation[]) {
  const releases = releasesOf(source);
  for (const item of expected) {
    const release = releases.get(item.url);
    expect(release, `a release for ${item.url}`).toBeDefined();
    expect(differences(release, item), item.url).toEqual([]);
  }
}

async function indexed(source: string): Promise<number> {
  const result = await client.index(uid).search('', { filter: `source = "${source}"`, limit: 0 });
  return result.estimatedTotalHits ?? 0;
}

beforeAll(async () => {
  uid = await createTestIndex(client, 'import-site');
  dir = await mkdtemp(path.join(tmpdir(), 'import-site-'));
});

afterAll(async () => {
  await deleteIndex(client, uid);
  await rm(dir, { recursive: true, force: true });
});

describe('npm run import -- --site', () => {
  it('takes the GOV.UK copy in as gb-fco: all nine news pages, read by its rules', async () => {
    const { code, stderr } = await importSite(['--site', 'www.gov.uk', '--source', 'gb-fco']);
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /www\.gov\.uk as gb-fco: 11 pages in [\d.]+ s; 9 items \(9 new, 0 changed, 0 unchanged\), 2 pages skipped/,
    );
    expect(stderr).toMatch(/releases: 9 new, 0 updated, 0 unchanged/);
    expectItems('gb-fco', GOV_UK);
    expect(await indexed('gb-fco')).toBe(9);
  });

  it('changes nothing when the same copy is imported again', async () => {
    const { code, stderr } = await importSite(['--site', 'www.gov.uk', '--source', 'gb-fco']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/9 items \(0 new, 0 changed, 9 unchanged\)/);
    expect(stderr).toMatch(/releases: 0 new, 0 updated, 0 unchanged/);
  });

  it('takes the Belarus copy in as by-mfa (windows-1251) and the Malaysian one as my-mfa', async () => {
    // One after the other: two imports into one archive wait for each other's writes.
    const by = await importSite(['--site', 'mfa.gov.by', '--source', 'by-mfa']);
    const my = await importSite(['--site', 'www.kln.gov.my', '--source', 'my-mfa']);
    expect(by.code).toBe(0);
    expect(by.stderr).toMatch(/5 items \(5 new/);
    expectItems('by-mfa', BELARUS);
    expect(my.code).toBe(0);
    expect(my.stderr).toMatch(/1 items \(1 new/);
    expectItems('my-mfa', MALAYSIA);
  });

  it('refuses what it cannot import, before starting Meilisearch, with exit code 2', async () => {
    const byBefore = releasesOf('by-mfa').size;
    const [missing, noSource, unknown, withFiles, wrongSource] = await Promise.all([
      importSite(['--site', path.join(dir, 'nope'), '--source', 'gb-fco']),
      importSite(['--site', 'www.gov.uk']),
      importSite(['--site', 'www.gov.uk', '--source', 'xx-mfa']),
      importSite(['--site', 'www.gov.uk', '--source', 'gb-fco', 'extra.jsonl']),
      // The Belarus copy read as China's: its releases would become cn-mfa's.
      importSite(['--site', 'mfa.gov.by', '--source', 'cn-mfa']),
    ]);
    expect(wrongSource.code).toBe(2);
    expect(wrongSource.stderr).toMatch(
      /\[SITE_NOT_OF_SOURCE\]: its pages are on mfa\.gov\.by, not on cn-mfa's hosts/,
    );
    expect(releasesOf('by-mfa').size).toBe(byBefore);
    expect(byBefore).toBeGreaterThan(0);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /cannot import .*nope \[INVALID_SAVED_SITE\]: .* has no _manifest\.jsonl/,
    );
    expect(noSource.code).toBe(2);
    expect(noSource.stderr).toContain('--site needs --source ID');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown source "xx-mfa"');
    expect(withFiles.code).toBe(2);
    expect(withFiles.stderr).toContain('--site imports a saved site, not files');
  });
});
