/**
 * Names found by title patterns: reduced to their dictionary form, romanised
 * by one scheme, and matched against the gazetteer across scripts and
 * spellings before a new id is made (issue 12, items 3 and 4).
 */
import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../../src/entities/index.js';
import { sameName, wordSkeleton } from '../../../src/entities/names.js';
import { slugify, transliterate } from '../../../src/entities/text.js';

const ids = (text: string, date?: string) =>
  extractEntities(text, { date }).ministers.map((m) => m.id);

describe('names across scripts and spellings', () => {
  it('reduces spellings to the same skeleton', () => {
    expect(wordSkeleton('Давудоглу')).toBe(wordSkeleton('Davutoğlu'));
    expect(wordSkeleton('Могерини')).toBe(wordSkeleton('Mogherini'));
    expect(wordSkeleton('Чавушоглу')).toBe(wordSkeleton('Çavuşoğlu'));
    expect(sameName(['lvrf'], ['lvrf'])).toBe(true);
    expect(
      sameName(
        [wordSkeleton('Sergey'), wordSkeleton('Lavrov')],
        [wordSkeleton('Maria'), wordSkeleton('Zakharova')],
      ),
    ).toBe(false);
    // Short names keep their initial vowel: Окада is not Kato, Ержан is Yerzhan.
    const skeleton = (name: string) => name.split(' ').map(wordSkeleton);
    expect(sameName(skeleton('Кацуя Окада'), skeleton('Katsunobu Kato'))).toBe(false);
    expect(sameName(skeleton('Кацуя Окада'), skeleton('Katsuya Okada'))).toBe(true);
    expect(sameName(skeleton('Ержан Казыханов'), skeleton('Yerzhan Kazykhanov'))).toBe(true);
  });

  it('finds the gazetteer person behind an inflected or differently spelt name', () => {
    expect(
      ids('Он встретился с министром иностранных дел Турции Ахмедом Давудоглу.', '2012-03-01'),
    ).toEqual(['ahmet-davutoglu']);
    expect(
      ids('министр иностранных дел Италии Федерика Могерини прибыла в Москву', '2014-07-09'),
    ).toEqual(['federica-mogherini']);
    expect(
      ids('переговоры с министром иностранных дел Вьетнама Ле Хоай Чунгом', '2025-09-01'),
    ).toEqual(['le-hoai-trung']);
  });

  it('never makes an id from an inflected form', () => {
    // A made-up Tongan minister, so that no gazetteer entry ever names him.
    const m = extractEntities(
      'Лавров провел переговоры с министром иностранных дел Тонги Сионе Мафилеуем.',
    ).ministers.find((x) => x.discovered);
    expect(m?.names.ru).toBe('Сионе Мафилеуй');
    expect(m?.id).toBe('sione-mafileui');
    expect(
      ids(
        'Сыртқы істер министрі Мұрат Нұртілеу Тонга Сыртқы істер министрі Сионе Мафилеуймен кездесті.',
      ),
    ).toContain('sione-mafileui');
  });

  it('romanises by one scheme (BGN/PCGN without diacritics, й → i)', () => {
    expect(transliterate('Абдылдаев')).toBe('Abdyldayev');
    expect(transliterate('Ержан Қазыханов')).toBe('Yerzhan Kazykhanov');
    expect(slugify('Зүлфия Сүлейменова')).toBe('zulfiya-suleimenova');
  });
});

describe('Chinese phrasing', () => {
  it('reads 外长, 外交部长 and 国务委员兼外长 before a name', () => {
    expect(ids('国务委员兼外长王毅同俄罗斯外长拉夫罗夫举行会谈。', '2021-03-23').sort()).toEqual([
      'sergey-lavrov',
      'wang-yi',
    ]);
    expect(ids('外交部长李肇星会见了来访的客人。', '2005-06-01')).toEqual(['li-zhaoxing']);
  });

  it('reads a name with a Latin gloss in brackets, known or new', () => {
    expect(ids('美国国务卿布林肯（Antony Blinken）表示', '2022-01-01')).toEqual(['antony-blinken']);
    expect(ids('汤加外交大臣乌托伊卡马努（Fekitamoeloa Utoikamanu）表示')).toEqual([
      'fekitamoeloa-utoikamanu',
    ]);
  });
});

describe('Kazakh phrasing', () => {
  it('reads the country, the title and the name with its case ending', () => {
    expect(
      ids('Түркия Республикасының Сыртқы істер министрі Хакан Фиданмен кездесті.', '2024-02-01'),
    ).toEqual(['hakan-fidan']);
    expect(
      ids('Қазақстан Сыртқы істер министрі Қасым-Жомарт Тоқаев Мәскеуге барды.', '2005-01-01'),
    ).toEqual(['kassym-jomart-tokayev']);
  });
});

describe('titles after the name and joined titles', () => {
  it('reads an appointment as the office held from then on', () => {
    expect(
      ids(
        'Теперь уже бывший заместитель премьер-министра Ермек Кошербаев назначен министром иностранных дел Республики Казахстан.',
      ),
    ).toEqual(['yermek-kosherbayev']);
  });

  it('finds the office among titles joined by a dash', () => {
    expect(
      ids(
        'Указом главы государства Мурат Нуртлеу назначен заместителем премьер-министра – министром иностранных дел.',
        '2023-01-04',
      ),
    ).toEqual(['murat-nurtleu']);
  });

  it('reads "секретарь Совета безопасности" as another office', () => {
    expect(ids('Он встретился с секретарем Сергеем Шойгу.', '2025-12-02')).toEqual([]);
  });
});
