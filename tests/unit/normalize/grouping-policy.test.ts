/**
 * The grouping policy on its own, with no database: candidates are plain
 * data, and every question the policy asks is recorded (it asks only what it
 * needs: the days around a release, the full text of SimHash-close ones).
 */
import { describe, expect, it } from 'vitest';
import {
  type GroupingCandidates,
  groupingKeys,
  placeRelease,
} from '../../../crawler/normalize/grouping.js';
import { createRelease, type ReleaseDraft } from '../../../src/domain/create-release.js';
import type { PressRelease } from '../../../src/domain/release.js';

const body =
  'The Foreign Minister of Kazakhstan met the Foreign Minister of China in Astana. Trade in 10 months reached $36.5 billion, 11% more than a year before. The sides discussed transit, energy and a visit in 2024.';

function release(overrides: Partial<ReleaseDraft> = {}): PressRelease {
  return createRelease({
    url: 'https://mfa.example/en/1',
    source: 'kz-mfa',
    lang: 'en',
    title: 'Ministers meet',
    body,
    published: '2023-12-01T10:00:00+06:00',
    countries: ['CN', 'KZ'],
    ministers: ['murat-nurtleu', 'wang-yi'],
    ...overrides,
  });
}

/** Stored releases as plain data, answering the policy's questions and noting them. */
function stored(releases: PressRelease[]) {
  const asked: string[] = [];
  const candidates: GroupingCandidates = {
    sameDay: (source, lang, day) => {
      asked.push(`sameDay ${day}`);
      return releases
        .filter((r) => r.source === source && r.lang === lang && groupingKeys(r).day === day)
        .map((r) => ({ id: r.id, simhash: groupingKeys(r).simhash }));
    },
    release: (id) => {
      asked.push(`release ${id}`);
      const found = releases.find((r) => r.id === id);
      if (!found) throw new Error(`no release ${id}`);
      return found;
    },
    translations: (source, day, lang, entityKey) => {
      asked.push(`translations ${day}`);
      return releases.filter(
        (r) =>
          r.source === source &&
          r.lang !== lang &&
          groupingKeys(r).day === day &&
          groupingKeys(r).entityKey === entityKey,
      );
    },
  };
  return { candidates, asked };
}

describe('placeRelease', () => {
  it('replaces a near-duplicate published two days before, taking its group', () => {
    const first = release({ translationGroup: 'group-1' });
    const corrected = release({
      url: 'https://mfa.example/en/1-corrected',
      body: body.replace('a visit', 'an official visit'),
      published: '2023-12-03T09:00:00+06:00',
    });
    const { candidates, asked } = stored([first]);
    const placement = placeRelease(corrected, undefined, candidates);
    expect(placement.supersedes).toBe(first.id);
    expect(placement.release.translationGroup).toBe('group-1');
    expect(asked).toContain('sameDay 2023-12-01');
    expect(asked).toContain(`release ${first.id}`);
  });

  it('looks no further than three days, and joins a translation of the same day', () => {
    const ru = release({
      url: 'https://mfa.example/ru/1',
      lang: 'ru',
      title: 'Встреча министров',
      body: 'Министр иностранных дел Казахстана встретился с министром иностранных дел Китая в Астане. Товарооборот за 10 месяцев достиг $36,5 млрд, на 11% больше. Обсуждены транзит, энергетика и визит в 2024 году.',
    });
    const { candidates, asked } = stored([ru]);
    const placement = placeRelease(release(), undefined, candidates);
    expect(placement.supersedes).toBeNull();
    expect(placement.release.translationGroup).toBe(ru.translationGroup);
    expect(asked.filter((q) => q.startsWith('sameDay'))).toEqual([
      'sameDay 2023-12-01',
      'sameDay 2023-11-30',
      'sameDay 2023-12-02',
      'sameDay 2023-11-29',
      'sameDay 2023-12-03',
      'sameDay 2023-11-28',
      'sameDay 2023-12-04',
    ]);
  });

  it('keeps the group a changed release was given earlier, unless its source links it', () => {
    const earlier = { ...release(), translationGroup: 'found-earlier' };
    const { candidates, asked } = stored([]);
    const changed = release({ title: 'Ministers meet again' });
    expect(placeRelease(changed, earlier, candidates).release.translationGroup).toBe(
      'found-earlier',
    );
    const linked = release({ translationGroup: 'from-hreflang' });
    expect(placeRelease(linked, earlier, candidates).release.translationGroup).toBe(
      'from-hreflang',
    );
    expect(asked).toEqual([]); // a known release is not compared again
  });
});
