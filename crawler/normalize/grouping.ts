/**
 * The same release twice, as a policy: which stored release a new one
 * replaces (a near-duplicate republished or corrected under another URL) and
 * which translation group it joins. Pure: the archive answers the questions
 * in `GroupingCandidates` and stores the `Placement` this module decides.
 */
import type { PressRelease } from '../../src/domain/release.js';
import {
  isNearDuplicate,
  isSameText,
  isTranslation,
  numbersIn,
  simhash,
  type TranslationCandidate,
} from './similarity.js';

/** What the archive keeps beside a release to find its duplicates and translations. */
export interface GroupingKeys {
  simhash: string;
  /** The day as the source wrote it: the local calendar day, not UTC. */
  day: string | null;
  /** Sorted countries and ministers: translations share them. */
  entityKey: string;
}

export function groupingKeys(release: PressRelease): GroupingKeys {
  return {
    simhash: simhash(`${release.title}\n${release.body}`),
    day: publicationDay(release),
    entityKey: `${release.countries.join(',')}|${release.ministers.join(',')}`,
  };
}

function publicationDay(release: PressRelease): string | null {
  return release.published ? release.published.slice(0, 10) : null;
}

/** How far apart (in days) a republished copy may be from the first. */
const NEAR_DUPLICATE_DAYS = 3;

/** The day itself, then the days around it, nearest first; undated releases look at undated ones. */
function nearDuplicateDays(day: string | null): (string | null)[] {
  if (!day) return [null];
  const base = Date.parse(`${day}T00:00:00Z`);
  const days = [day];
  for (let d = 1; d <= NEAR_DUPLICATE_DAYS; d++) {
    for (const sign of [-1, 1])
      days.push(new Date(base + sign * d * 86_400_000).toISOString().slice(0, 10));
  }
  return days;
}

/** The questions the policy asks of the stored releases (none of them superseded). */
export interface GroupingCandidates {
  /** Releases of this source and language published on `day` (null: undated), with their SimHash. */
  sameDay(
    source: string,
    lang: string,
    day: string | null,
  ): readonly { id: string; simhash: string }[];
  /** One stored release in full. */
  release(id: string): PressRelease;
  /** Releases of this source on `day` in another language than `lang` with these entities, oldest first. */
  translations(
    source: string,
    day: string,
    lang: string,
    entityKey: string,
  ): readonly PressRelease[];
}

export interface Placement {
  /** The release as it is to be stored (its translation group may be another's). */
  release: PressRelease;
  keys: GroupingKeys;
  /** Id of the stored release this one replaces, which leaves the index. */
  supersedes: string | null;
}

/**
 * Where a new or changed release goes. A changed release keeps a group found
 * earlier from other releases. A new release that is a near-duplicate of a
 * stored one (same source and language, a few days apart, close SimHash and
 * 80% of word pairs shared) replaces it and takes its group. A release
 * without cross-language links from its source joins the group of a matching
 * release in another language (same source, same day, same entities, mostly
 * the same numbers).
 */
export function placeRelease(
  release: PressRelease,
  previous: PressRelease | undefined,
  candidates: GroupingCandidates,
): Placement {
  const keys = groupingKeys(release);
  const withGroup = (group: string) =>
    group === release.translationGroup ? release : { ...release, translationGroup: group };
  if (previous) {
    const linkedBySource = release.translationGroup !== release.id;
    const earlier = previous.translationGroup;
    return {
      release: linkedBySource || earlier === release.id ? release : withGroup(earlier),
      keys,
      supersedes: null,
    };
  }
  const replaced = findNearDuplicate(release, keys, candidates);
  if (replaced) {
    return { release: withGroup(replaced.translationGroup), keys, supersedes: replaced.id };
  }
  if (release.translationGroup === release.id) {
    const translation = findTranslation(release, keys, candidates);
    if (translation)
      return { release: withGroup(translation.translationGroup), keys, supersedes: null };
  }
  return { release, keys, supersedes: null };
}

function findNearDuplicate(
  release: PressRelease,
  keys: GroupingKeys,
  candidates: GroupingCandidates,
): PressRelease | undefined {
  const text = `${release.title}\n${release.body}`;
  for (const day of nearDuplicateDays(keys.day)) {
    // Only releases with a close SimHash are read in full and compared word by word.
    for (const row of candidates.sameDay(release.source, release.lang, day)) {
      if (!isNearDuplicate(row.simhash, keys.simhash)) continue;
      const other = candidates.release(row.id);
      const otherText = `${other.title}\n${other.body}`;
      if (isSameText({ text, hash: keys.simhash }, { text: otherText, hash: row.simhash })) {
        return other;
      }
    }
  }
  return undefined;
}

function translationCandidate(release: PressRelease): TranslationCandidate {
  return {
    source: release.source,
    lang: release.lang,
    day: publicationDay(release),
    countries: release.countries,
    ministers: release.ministers,
    numbers: numbersIn(`${release.title}\n${release.body}`),
  };
}

function findTranslation(
  release: PressRelease,
  keys: GroupingKeys,
  candidates: GroupingCandidates,
): PressRelease | undefined {
  if (!keys.day) return undefined;
  const candidate = translationCandidate(release);
  return candidates
    .translations(release.source, keys.day, release.lang, keys.entityKey)
    .find((other) => isTranslation(candidate, translationCandidate(other)));
}
