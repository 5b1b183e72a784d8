import { describe, expect, it } from 'vitest';
import { canonicalizeUrl, releaseIdFor } from '../../src/domain/ids.js';

describe('release ids', () => {
  it('maps URLs that show the same page to one id', () => {
    const a = releaseIdFor('https://WWW.State.gov/some-release/?utm_source=x#top');
    const b = releaseIdFor('https://www.state.gov/some-release/');
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps parameters that select content, in a stable order', () => {
    expect(canonicalizeUrl('https://gov.kz/news/5?lang=ru&b=1')).toBe(
      'https://gov.kz/news/5?b=1&lang=ru',
    );
    expect(releaseIdFor('https://gov.kz/news/5?lang=ru')).not.toBe(
      releaseIdFor('https://gov.kz/news/5?lang=kk'),
    );
  });
});
