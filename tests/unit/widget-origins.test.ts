/** WIDGET_ORIGINS: which pages may call the API from a browser. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/env.js';

describe('WIDGET_ORIGINS', () => {
  it('allows no other origin by default', () => {
    expect(loadConfig({}).WIDGET_ORIGINS).toEqual([]);
    expect(loadConfig({ WIDGET_ORIGINS: '' }).WIDGET_ORIGINS).toEqual([]);
  });

  it('reads a comma-separated list of origins, normalized as browsers send them', () => {
    expect(
      loadConfig({
        WIDGET_ORIGINS: ' https://News.Example , http://127.0.0.1:3000/,https://a.example:443',
      }).WIDGET_ORIGINS,
    ).toEqual(['https://news.example', 'http://127.0.0.1:3000', 'https://a.example']);
  });

  it('allows any origin only when told so with "*"', () => {
    expect(loadConfig({ WIDGET_ORIGINS: '*' }).WIDGET_ORIGINS).toBe('*');
    expect(() => loadConfig({ WIDGET_ORIGINS: '*,https://a.example' })).toThrow(/"\*" alone/);
  });

  it('names an entry that is not an origin', () => {
    for (const bad of [
      'news.example',
      'https://news.example/widget',
      'https://news.example?x=1',
      'ftp://news.example',
      'https://user@news.example',
    ]) {
      expect(() => loadConfig({ WIDGET_ORIGINS: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ WIDGET_ORIGINS: bad }), bad).toThrow(
        /WIDGET_ORIGINS = .*not an origin/,
      );
    }
  });
});
