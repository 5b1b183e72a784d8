/** `npm run extract` as people use it: a file or standard input in, JSON out. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fmprcDir } from '../helpers/corpus.js';
import { sharedPath } from '../helpers/shared.js';

const root = path.resolve(import.meta.dirname, '../..');

function extract(args: string[], input?: string) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'crawler/extract-cli.ts', ...args],
    {
      cwd: root,
      input,
      encoding: 'utf8',
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run extract', () => {
  it('prints the seed release with countries, ministers, dateline and the date as found', () => {
    const { status, stdout } = extract([
      '--file',
      sharedPath('fixtures', 'kazakhstan-today-seed.txt'),
    ]);
    expect(status).toBe(0);
    const release = JSON.parse(stdout);
    expect(release.lang).toBe('ru');
    expect(release.countries).toEqual(['CN', 'KZ']);
    expect(release.ministers).toEqual([
      expect.objectContaining({
        id: 'murat-nurtleu',
        country: 'KZ',
        names: expect.objectContaining({ en: 'Murat Nurtleu' }),
      }),
      expect.objectContaining({
        id: 'wang-yi',
        country: 'CN',
        names: expect.objectContaining({ en: 'Wang Yi' }),
      }),
    ]);
    expect(release.dateline).toBe('Чэнду');
    expect(release.dateFound).toMatchObject({ day: 1, month: 12, year: null });
    expect(release.published).toBeNull();
    expect(release.title.length).toBeGreaterThan(20);
  });

  it('reads standard input with --file - and resolves the year when told when the page was fetched', () => {
    const text = readFileSync(sharedPath('fixtures', 'kazakhstan-today-seed.txt'), 'utf8');
    const { status, stdout } = extract(['--file', '-', '--fetched', '2023-12-02'], text);
    expect(status).toBe(0);
    const release = JSON.parse(stdout);
    expect(release.published).toBe('2023-12-01T00:00:00+00:00');
    expect(release.warnings.map((w: { code: string }) => w.code)).toContain('YEAR_FROM_FETCH_TIME');
  });

  it('applies a source extract map to an HTML page', () => {
    const file = path.join(
      fmprcDir(),
      'mfa_eng/xwfw_665399/s2510_665401/2511_665403/t1558711.shtml',
    );
    const { status, stdout } = extract([
      '--file',
      file,
      '--source',
      'cn-mfa',
      '--url',
      'https://www.fmprc.gov.cn/x.shtml',
    ]);
    expect(status).toBe(0);
    const release = JSON.parse(stdout);
    expect(release.published).toBe('2018-05-11T00:00:00+08:00');
    expect(release.ministers.map((m: { id: string }) => m.id)).toContain('wang-yi');
  });

  it('reports a page without a release with its code and exit 1, and usage errors with exit 2', () => {
    const empty = extract(
      ['--file', '-', '--format', 'html'],
      '<html><body><nav>Home</nav></body></html>',
    );
    expect(empty.status).toBe(1);
    expect(JSON.parse(empty.stdout).error.code).toBe('EMPTY_CONTENT');
    expect(extract([]).status).toBe(2);
    expect(extract(['--file', '/nonexistent/file']).status).toBe(2);
    // An unknown source has no rules to read its page by: an error, not a silent fallback.
    const unknown = extract(['--file', '-', '--source', 'xx-mfa'], '<p>x</p>');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown source "xx-mfa"\. Known: .*by-mfa/);
    const help = extract(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--file PATH');
  });
});
