import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/env.js';

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

  it('seeds from the State Department corpus in SHARED_DIR unless SEED_FILE says otherwise', () => {
    expect(loadConfig({}).SEED_FILE).toBe(
      path.join('../shared', 'corpus', 'state-dept', 'releases.jsonl'),
    );
    expect(loadConfig({ SHARED_DIR: '/data/shared' }).SEED_FILE).toBe(
      '/data/shared/corpus/state-dept/releases.jsonl',
    );
    expect(loadConfig({ SHARED_DIR: '/x', SEED_FILE: 'off' }).SEED_FILE).toBe('off');
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
