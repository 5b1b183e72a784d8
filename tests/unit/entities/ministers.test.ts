import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../../src/entities/index.js';
import { ministersOf } from './helpers.js';

describe('minister names and their variants', () => {
  it.each([
    ['Сергей Лавров провёл переговоры.', 'sergey-lavrov'],
    ['встреча с Сергеем Лавровым', 'sergey-lavrov'],
    ['позиция Сергея Лаврова', 'sergey-lavrov'],
    ['Как заявил Лавров, переговоры продолжатся.', 'sergey-lavrov'],
    ['Переговоры с Лавровым прошли в Москве.', 'sergey-lavrov'],
    ['Ресей СІМ басшысы Лавровпен кездесті.', 'sergey-lavrov'],
    ['Russian Foreign Minister Sergei Lavrov said', 'sergey-lavrov'],
    ['The talks with Mr. Lavrov ended.', 'sergey-lavrov'],
    ['Встреча с министром Мурата Нуртлеу', 'murat-nurtleu'],
    ['министр иностранных дел Мурат Нурлеу', 'murat-nurtleu'],
    ['Сыртқы істер министрі Мұрат Нұртілеу мәлімдеді.', 'murat-nurtleu'],
    ['Тараптар Нұртілеуді қабылдады.', 'murat-nurtleu'],
    ['Мухтар Тлеуберди заявил', 'mukhtar-tileuberdi'],
    ['Мұхтар Тілеуберді айтты', 'mukhtar-tileuberdi'],
    ['Foreign Minister Mukhtar Tileuberdi', 'mukhtar-tileuberdi'],
    ['Minister Mukhtar Tleuberdi', 'mukhtar-tileuberdi'],
    ['Аббас Аракчи прибыл', 'abbas-araghchi'],
    ['Аббас Арагчи прибыл', 'abbas-araghchi'],
    ['Ермек Кошербаев и Ермек Көшербаев', 'yermek-kosherbayev'],
    ['Foreign Minister Ermack Kosherbaev', 'yermek-kosherbayev'],
    ['Джейхун Байрамов и Jayhun Bayramov', 'jeyhun-bayramov'],
    ['главой МИД Узбекистана Бахтиером Саидовым', 'bakhtiyor-saidov'],
    ['Жээнбек Кулубаев', 'jeenbek-kulubaev'],
    ['Рашид Мередов', 'rashid-meredov'],
    ['Сироджиддин Мухриддин', 'sirojiddin-muhriddin'],
    ['Хакан Фидан', 'hakan-fidan'],
    ['Анналена Бербок', 'annalena-baerbock'],
    ['Жан-Ив Ле Дриан', 'jean-yves-le-drian'],
    ['Mevlüt Çavuşoğlu and Mevlut Cavusoglu', 'mevlut-cavusoglu'],
    ["Blinken's visit to Kyiv", 'antony-blinken'],
    ['Secretary of State Marco Rubio', 'marco-rubio'],
    ['Mukhtar Tileuberdi, Foreign Minister of Kazakhstan', 'mukhtar-tileuberdi'],
    ['外交部长王毅表示', 'wang-yi'],
    ['俄罗斯外长拉夫罗夫', 'sergey-lavrov'],
    ['美国国务卿蓬佩奥称', 'mike-pompeo'],
  ])('%s → %s', (text, id) => {
    expect(ministersOf(text)).toEqual([id]);
  });

  it('matches "Ван И" only as a whole, never the conjunction И', () => {
    expect(ministersOf('Министр иностранных дел Китая Ван И прибыл в Астану.', 'ru')).toEqual([
      'wang-yi',
    ]);
    expect(ministersOf('Ван И в свою очередь отметил', 'ru')).toEqual(['wang-yi']);
    expect(ministersOf('Ван И мен Сергей Лавров кездесті.', 'kk')).toEqual([
      'sergey-lavrov',
      'wang-yi',
    ]);
    expect(ministersOf('Стороны обсудили торговлю. И вопросы безопасности.', 'ru')).toEqual([]);
    expect(ministersOf('Wang Yi said', 'en')).toEqual(['wang-yi']);
    expect(ministersOf('Mr. Wang said', 'en')).toEqual([]);
  });

  it('does not take a namesake with another first name or initial', () => {
    expect(ministersOf('ресми өкілі Асқар Абдрахманов айтты', 'kk')).toEqual([]);
    expect(ministersOf('Кайрат Абдрахманов встретился с коллегой.', 'ru')).toEqual([
      'kairat-abdrakhmanov',
    ]);
    expect(ministersOf('Об этом сообщил А. Абдрахманов.', 'ru')).toEqual([]);
    expect(ministersOf('Об этом сообщил С. Лавров.', 'ru')).toEqual(['sergey-lavrov']);
  });

  it('does not take a longer hyphenated name for a gazetteer one', () => {
    expect(ministersOf('Vice Foreign Minister Cho Hyun-dong met them.', 'en')).toEqual([]);
  });

  it('matches common surnames only next to a foreign-minister title', () => {
    expect(ministersOf('Foreign Minister Wong said', 'en')).toEqual(['penny-wong']);
    expect(ministersOf('Mr. Wong runs a restaurant.', 'en')).toEqual([]);
    expect(ministersOf('Penny Wong arrived.', 'en')).toEqual(['penny-wong']);
  });

  it('returns the minister record with names, country and role', () => {
    const [m] = extractEntities('Мурат Нуртлеу').ministers;
    expect(m).toEqual({
      id: 'murat-nurtleu',
      names: { en: 'Murat Nurtleu', ru: 'Мурат Нуртлеу', kk: 'Мұрат Нұртілеу', zh: '努尔特列乌' },
      country: 'KZ',
      role: 'foreign-minister',
    });
  });
});

describe('people who are not (here) foreign ministers', () => {
  it('drops a gazetteer person presented only in another office', () => {
    expect(ministersOf('Қазақстанның Ресейдегі елшісі Ермек Көшербаев мәлімдеді.', 'kk')).toEqual(
      [],
    );
    expect(ministersOf('PRC Ambassador to the United States Qin Gang said', 'en')).toEqual([]);
    expect(
      ministersOf('Special Presidential Envoy for Climate John Kerry will travel', 'en'),
    ).toEqual([]);
    expect(ministersOf('Премьер-министр Японии Фумио Кисида прибыл.', 'ru')).toEqual([]);
  });

  it('keeps a person better known in another office only with a foreign-minister title', () => {
    expect(ministersOf('Министр иностранных дел Японии Фумио Кисида прибыл.', 'ru')).toEqual([
      'fumio-kishida',
    ]);
    expect(ministersOf('U.S. Senator Marco Rubio said', 'en')).toEqual([]);
  });

  it('counts the Deputy Prime Minister who is also foreign minister', () => {
    expect(
      ministersOf(
        'заместитель премьер-министра — министр иностранных дел Казахстана Мурат Нуртлеу',
        'ru',
      ),
    ).toEqual(['murat-nurtleu']);
    expect(
      ministersOf('Kazakh Deputy Prime Minister and Foreign Minister Murat Nurtleu', 'en'),
    ).toEqual(['murat-nurtleu']);
    expect(
      ministersOf('Премьер-министрдің орынбасары – Сыртқы істер министрі Мұхтар Тілеуберді', 'kk'),
    ).toEqual(['mukhtar-tileuberdi']);
  });

  it('does not take deputy ministers, spokespeople or presidents for ministers', () => {
    const texts = [
      'заместитель министра иностранных дел России Андрей Руденко',
      'замглавы МИД РФ Сергей Рябков',
      'вице-министр иностранных дел Китая Ма Чжаосюй',
      'официальный представитель МИД России Мария Захарова',
      'президент Турции Реджеп Тайип Эрдоган',
      'Deputy Foreign Minister Sergey Ryabkov',
      'Prime Minister Shehbaz Sharif',
      'Қазақстан Сыртқы істер министрінің орынбасары Марат Сыздықов',
      'Сыртқы істер министрі орынбасары Ғалымжан Қойшыбаев',
    ];
    for (const text of texts) expect(ministersOf(text), text).toEqual([]);
  });
});
