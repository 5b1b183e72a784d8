import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/env.js';
import { seedFiles, seedSites } from '../../src/ingest/seed.js';

describe('configuration', () => {
  it('has sensible defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 8080,
      HOST: '127.0.0.1',
      MEILI_INDEX: 'releases',
      LOG_LEVEL: 'info',
    });
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.MEILI_HOST).toBeUndefined();
  });

  it('seeds from every real text in SHARED_DIR unless SEED_FILE says otherwise', () => {
    const root = '/repo';
    expect(seedFiles(loadConfig({}), root)).toEqual([
      { file: '/shared/corpus/state-dept/releases.jsonl', source: 'us-state' },
      { file: '/shared/corpus/mfa-news-ru-kk/texts.jsonl', source: 'mfa-news-ru-kk' },
      {
        file: '/shared/fixtures/kazakhstan-today-seed.txt',
        source: 'kazakhstan-today',
        lang: 'ru',
      },
    ]);
    expect(seedFiles(loadConfig({ SHARED_DIR: '/data/shared' }), root)[0]?.file).toBe(
      '/data/shared/corpus/state-dept/releases.jsonl',
    );
    expect(seedFiles(loadConfig({ SEED_FILE: 'mine.jsonl', SEED_SOURCE: 'kz-mfa' }), root)).toEqual(
      [{ file: '/repo/mine.jsonl', source: 'kz-mfa' }],
    );
    expect(seedFiles(loadConfig({ SHARED_DIR: '/x', SEED_FILE: 'off' }), root)).toEqual([]);
    // With the default seed, the saved China MFA pages too, read by cn-mfa's rules.
    expect(seedSites(loadConfig({}), root)).toEqual([
      { site: '/shared/sites/www.fmprc.gov.cn', source: 'cn-mfa' },
    ]);
    expect(seedSites(loadConfig({ SEED_FILE: 'mine.jsonl' }), root)).toEqual([]);
    expect(seedSites(loadConfig({ SEED_FILE: 'off' }), root)).toEqual([]);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ MEILI_HOST: '', PORT: '' }).PORT).toBe(8080);
  });

  it('names the variable and the value that are wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT = "eighty"/);
    expect(() => loadConfig({ MEILI_HOST: 'localhost:7700' })).toThrow(
      /MEILI_HOST = "localhost:7700"/,
    );
    expect(() => loadConfig({ MEILI_MASTER_KEY: 'short' })).toThrow(/MEILI_MASTER_KEY.*16 bytes/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL = "loud"/);
  });
});
