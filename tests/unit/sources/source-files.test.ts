/**
 * Every source file in crawler/sources checked by the schema, bad files
 * failing with the file, the field and the value, and the committed JSON
 * Schema equal to the one generated from the zod schema.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import {
  JSON_SCHEMA_FILE,
  SOURCES_FOLDER,
  sourceJsonSchemaText,
} from '../../../crawler/sources/json-schema.js';
import {
  loadSourceDirs,
  loadSourceFile,
  SourceFileError,
  sourceFilesIn,
  validateSource,
} from '../../../crawler/sources/load.js';

const files = sourceFilesIn(SOURCES_FOLDER);
const raw = (id: string) =>
  parseYaml(readFileSync(path.join(SOURCES_FOLDER, `${id}.yaml`), 'utf8')) as Record<
    string,
    unknown
  >;

describe('the source files of crawler/sources', () => {
  it.each(files.map((f) => [path.basename(f), f]))('%s passes the schema', (_name, file) => {
    const source = loadSourceFile(file);
    expect(source.id).toBe(path.basename(file).replace(/\.(ya?ml|json)$/, ''));
    expect(source.provenance.length).toBeGreaterThan(0);
  });

  it('declare at least twelve ministries, each once, and say which were checked on real pages', () => {
    const loaded = loadSourceDirs([SOURCES_FOLDER]);
    expect(loaded.length).toBeGreaterThanOrEqual(12);
    expect(new Set(loaded.map((l) => l.source.country)).size).toBe(loaded.length);
    // An unverified source is never crawled by default (except kz-mfa, crawled since the start).
    for (const { source } of loaded) {
      if (!source.verified && source.id !== 'kz-mfa') expect(source.enabled, source.id).toBe(false);
    }
  });

  it('match the committed JSON Schema (run `npm run sources -- schema` after changing the schema)', () => {
    expect(readFileSync(JSON_SCHEMA_FILE, 'utf8')).toBe(sourceJsonSchemaText());
  });
});

describe('a bad source file', () => {
  const base = raw('cn-mfa');
  const check = (changes: Record<string, unknown>) => () =>
    validateSource({ ...base, ...changes }, 'crawler/sources/cn-mfa.yaml');

  it('names the file, the field and the value', () => {
    expect(check({ lookBackPages: -1 })).toThrow(SourceFileError);
    expect(check({ lookBackPages: -1 })).toThrow(
      /crawler\/sources\/cn-mfa\.yaml[\s\S]*lookBackPages = "-1"/,
    );
    expect(check({ politeness: { delayMS: 5 } })).toThrow(/politeness[\s\S]*delayMS/);
    expect(check({ kind: 'ftp' })).toThrow(/kind/);
    expect(check({ baseUrl: 'https://www.fmprc.gov.cn/web/' })).toThrow(
      /baseUrl.*must be an origin/,
    );
  });

  it('refuses an unknown or missing time zone instead of falling back to UTC', () => {
    const extract = base.extract as Record<string, unknown>;
    expect(check({ extract: { ...extract, timeZone: 'Asia/Pekin' } })).toThrow(
      /extract\.timeZone = "Asia\/Pekin": must be an IANA time zone/,
    );
    const { timeZone: _dropped, ...withoutZone } = extract;
    expect(check({ extract: withoutZone })).toThrow(/extract\.timeZone = missing/);
    expect(check({ extract: { ...extract, dateInTitle: true } })).toThrow(/dateInTitle/);
  });

  it('refuses listings, paging and formats that cannot work', () => {
    const listing = base.listing as Record<string, unknown>;
    expect(check({ listing: { ...listing, itemHref: '(' } })).toThrow(
      /listing\.itemHref = "\(": must be a valid regular expression/,
    );
    expect(check({ listing: { ...listing, paging: { template: 'p{n}.html' } } })).toThrow(
      /listing\.paging\.first[\s\S]*the number of the second page/,
    );
    expect(
      check({ listing: { ...listing, paging: { template: 'p{n}', first: 2, next: 'a.next' } } }),
    ).toThrow(/either "template"[\s\S]*or "next"/);
    expect(check({ listing: { ...listing, date: { css: 'td', format: 'HH:mm' } } })).toThrow(
      /listing\.date\.format = "HH:mm": must be a Luxon date format/,
    );
  });

  it('needs a start URL per language, on its own origin', () => {
    expect(check({ startUrls: { en: '/a' } })).toThrow(
      /startUrls\.zh = missing: language "zh" is listed/,
    );
    expect(check({ startUrls: { en: '/a', zh: 'https://example.org/b' } })).toThrow(
      /startUrls\.zh[\s\S]*must be on https:\/\/www\.fmprc\.gov\.cn/,
    );
  });

  it('needs JSON field paths for a JSON API whose items are the releases', () => {
    const kz = raw('kz-mfa');
    const extract = kz.extract as Record<string, unknown>;
    const { fields: _fields, ...withoutFields } = extract;
    expect(() => validateSource({ ...kz, extract: withoutFields }, 'kz-mfa.yaml')).toThrow(
      /extract\.fields = missing: a JSON API whose items are the releases needs extract\.fields/,
    );
    expect(() =>
      validateSource(
        { ...kz, extract: { ...extract, fields: { title: 'a..b', body: ['body'] } } },
        'kz-mfa.yaml',
      ),
    ).toThrow(/extract\.fields\.title = "a\.\.b": must be a dotted field path/);
  });

  it('must carry its own file name as id, and say where its facts come from', () => {
    expect(check({ provenance: [] })).toThrow(/provenance/);
    const { verified: _v, ...unsaid } = base;
    expect(() => validateSource(unsaid, 'crawler/sources/cn-mfa.yaml')).toThrow(
      /verified = missing/,
    );
  });
});

describe('folders of source files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sources-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuse a file whose id is not its name', async () => {
    const own = path.join(dir, 'misnamed');
    await import('node:fs/promises').then((fs) => fs.mkdir(own));
    await writeFile(path.join(own, 'cn.yaml'), stringify(raw('cn-mfa')));
    expect(() => loadSourceDirs([own])).toThrow(
      /cn\.yaml:\n- id = "cn-mfa": must be the file's name, "cn"/,
    );
  });

  it('refuse an id declared twice, naming both files', async () => {
    const own = path.join(dir, 'twice');
    await import('node:fs/promises').then((fs) => fs.mkdir(own));
    await writeFile(path.join(own, 'cn-mfa.yaml'), stringify(raw('cn-mfa')));
    expect(() => loadSourceDirs([SOURCES_FOLDER, own])).toThrow(
      /twice\/cn-mfa\.yaml:\n- id = "cn-mfa": already declared by .*crawler\/sources\/cn-mfa\.yaml/,
    );
  });

  it('read JSON files too, and say where YAML is broken', async () => {
    const own = path.join(dir, 'mixed');
    await import('node:fs/promises').then((fs) => fs.mkdir(own));
    const mine = {
      ...raw('by-mfa'),
      id: 'by-mfa-ru',
      languages: ['ru'],
      startUrls: { ru: '/ru/press/statements/' },
    };
    await writeFile(path.join(own, 'by-mfa-ru.json'), JSON.stringify(mine));
    expect(loadSourceDirs([own]).map((l) => l.source.id)).toEqual(['by-mfa-ru']);
    await writeFile(path.join(own, 'zz-broken.yaml'), 'id: zz-broken\nname: [unclosed\n');
    expect(() => loadSourceDirs([own])).toThrow(
      /zz-broken\.yaml:\n- not valid YAML \(line \d+, column \d+\)/,
    );
    expect(() => loadSourceDirs([path.join(dir, 'nope')])).toThrow(/cannot read the folder/);
  });
});
