/** Near-duplicates replace, translations share a group: in a real SQLite archive. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Archive } from '../../../src/archive/archive.js';
import { createRelease, type ReleaseDraft } from '../../../src/domain/create-release.js';
import type { PressRelease } from '../../../src/domain/release.js';

let archive: Archive;

beforeEach(() => {
  archive = new Archive(':memory:');
});

afterEach(() => {
  archive.close();
});

const ruBody =
  'Астана, 1 декабря. Министр иностранных дел Казахстана Мурат Нуртлеу провел встречу с министром иностранных дел Китая Ван И. Товарооборот за 10 месяцев достиг $36,5 млрд, что на 11% больше. Стороны обсудили транзит и энергетику, а также подготовку визита в 2024 году.';
const enBody =
  'Astana, 1 December. Foreign Minister of Kazakhstan Murat Nurtleu met Foreign Minister of China Wang Yi. Trade in 10 months reached $36.5 billion, 11% more. The sides discussed transit and energy and preparations for a visit in 2024.';

function release(overrides: Partial<ReleaseDraft> = {}): PressRelease {
  return createRelease({
    url: 'https://www.gov.kz/news/1?lang=ru',
    source: 'kz-mfa',
    lang: 'ru',
    title: 'Встреча министров',
    body: ruBody,
    published: '2023-12-01T10:00:00+06:00',
    countries: ['CN', 'KZ'],
    ministers: ['murat-nurtleu', 'wang-yi'],
    ...overrides,
  });
}

const stored = (id: string) => {
  const row = archive.db
    .prepare('SELECT json, superseded_by FROM releases WHERE id = ?')
    .get(id) as {
    json: string;
    superseded_by: string | null;
  };
  return { release: JSON.parse(row.json) as PressRelease, supersededBy: row.superseded_by };
};

describe('translations', () => {
  it('puts the same release in two languages in one group', () => {
    const ru = release();
    const en = release({
      url: 'https://www.gov.kz/news/2?lang=en',
      lang: 'en',
      title: 'Ministers meet',
      body: enBody,
    });
    expect(archive.releases.save(ru, ru.url)).toBe('new');
    expect(archive.releases.save(en, en.url)).toBe('new');
    expect(stored(en.id).release.translationGroup).toBe(ru.translationGroup);
    expect(stored(ru.id).release.translationGroup).toBe(ru.id);
  });

  it('keeps releases of another day or with other entities apart', () => {
    const ru = release();
    archive.releases.save(ru, ru.url);
    const otherDay = release({
      url: 'https://www.gov.kz/news/3?lang=en',
      lang: 'en',
      body: enBody,
      published: '2023-12-02T10:00:00+06:00',
    });
    const otherEntities = release({
      url: 'https://www.gov.kz/news/4?lang=en',
      lang: 'en',
      body: enBody.replace('met Foreign Minister of China Wang Yi', 'spoke to the press'),
      ministers: ['murat-nurtleu'],
    });
    archive.releases.save(otherDay, otherDay.url);
    archive.releases.save(otherEntities, otherEntities.url);
    expect(stored(otherDay.id).release.translationGroup).toBe(otherDay.id);
    expect(stored(otherEntities.id).release.translationGroup).toBe(otherEntities.id);
  });

  it('keeps a group found earlier when the release is normalized again', () => {
    const ru = release();
    const en = release({ url: 'https://www.gov.kz/news/2?lang=en', lang: 'en', body: enBody });
    archive.releases.save(ru, ru.url);
    archive.releases.save(en, en.url);
    const changed = release({ url: en.url, lang: 'en', body: `${enBody} Updated.` });
    expect(archive.releases.save(changed, changed.url)).toBe('updated');
    expect(stored(en.id).release.translationGroup).toBe(ru.id);
  });
});

describe('near-duplicates', () => {
  it('lets a release republished under another URL replace the earlier one', () => {
    const first = release();
    archive.releases.save(first, first.url);
    archive.releases.markIndexed([first]);
    const corrected = release({
      url: 'https://www.gov.kz/news/99?lang=ru',
      body: ruBody.replace('11%', '12%'),
      published: '2023-12-02T09:00:00+06:00',
    });
    expect(archive.releases.save(corrected, corrected.url)).toBe('new');
    expect(stored(first.id).supersededBy).toBe(corrected.id);
    expect(archive.releases.toIndex().map((r) => r.id)).toEqual([corrected.id]);
    expect(archive.releases.supersededInIndex()).toEqual([first.id]);
    archive.releases.markRemovedFromIndex([first.id]);
    expect(archive.releases.supersededInIndex()).toEqual([]);
  });

  it('does not take a different release of the same day for a duplicate', () => {
    const first = release();
    archive.releases.save(first, first.url);
    const other = release({
      url: 'https://www.gov.kz/news/100?lang=ru',
      title: 'Брифинг',
      body: 'Официальный представитель МИД провел брифинг о консульской помощи гражданам за рубежом, о визовом режиме с Японией и о подготовке выборов в Мажилис. Также обсуждались вопросы миграции и трудоустройства.',
    });
    archive.releases.save(other, other.url);
    expect(stored(first.id).supersededBy).toBeNull();
    expect(
      archive.releases
        .toIndex()
        .map((r) => r.id)
        .sort(),
    ).toEqual([first.id, other.id].sort());
  });
});
