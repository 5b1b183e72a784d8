import { describe, expect, it } from 'vitest';
import { extractEntities, ministerById, ministerLabel } from '../../../src/entities/index.js';

const discovered = (text: string) =>
  extractEntities(text).ministers.map((m) => ({
    id: m.id,
    country: m.country,
    discovered: m.discovered === true,
  }));

// The people to discover have made-up names, so that no gazetteer entry ever names them.
describe('discovery of foreign ministers missing from the gazetteer', () => {
  it('finds a Russian title pattern and returns the name in the nominative', () => {
    expect(discovered('Министр иностранных дел Румынии Богдан Мируцеску прибыл в Астану.')).toEqual(
      [{ id: 'bogdan-mirutsesku', country: 'RO', discovered: true }],
    );
    const [m] = extractEntities(
      'Он встретился с министром иностранных дел Румынии Богданом Мируцеску.',
    ).ministers;
    expect(m?.names).toEqual({ en: 'Bogdan Mirutsesku', ru: 'Богдан Мируцеску' });
    expect(m?.role).toBe('foreign-minister');
  });

  it('reads "глава МИД X", including a list of several ministers', () => {
    expect(discovered('глава МИД Боливии Фернандо Кильякуни провел брифинг')).toEqual([
      { id: 'fernando-kilyakuni', country: 'BO', discovered: true },
    ]);
    expect(
      discovered(
        'главами внешнеполитических ведомств Румынии Богданом Мируцеску, Словакии Юраем Бланаром и Чили Антонией Уррехолой',
      ),
    ).toEqual([
      // "Антонией Уррехолой" (instrumental, Cyrillic) is the gazetteer's Antonia Urrejola.
      { id: 'antonia-urrejola', country: 'CL', discovered: false },
      { id: 'bogdan-mirutsesku', country: 'RO', discovered: true },
      { id: 'juraj-blanar', country: 'SK', discovered: false },
    ]);
  });

  it('reads English patterns with the country before or after the title', () => {
    const expected = [{ id: 'bogdan-mirutescu', country: 'RO', discovered: true }];
    expect(discovered('Foreign Minister of Romania Bogdan Mirutescu arrived.')).toEqual(expected);
    expect(discovered("Romania's Foreign Minister Bogdan Mirutescu said")).toEqual(expected);
    expect(discovered('Romanian Foreign Minister Bogdan Mirutescu said')).toEqual(expected);
    expect(discovered('Foreign Minister Rimbink Tovaro of Papua New Guinea visited')).toEqual([
      { id: 'rimbink-tovaro', country: 'PG', discovered: true },
    ]);
  });

  it('reads the Kazakh "Сыртқы істер министрі" pattern and strips the case ending', () => {
    expect(discovered('Румыния Сыртқы істер министрі Богдан Мируцескумен кездесті.')).toEqual([
      { id: 'bogdan-mirutsesku', country: 'RO', discovered: true },
    ]);
    expect(discovered('Румыния Сыртқы істер министрі Богдан Мируцеску Астанаға келді.')).toEqual([
      { id: 'bogdan-mirutsesku', country: 'RO', discovered: true },
    ]);
  });

  it('prefers the gazetteer when the person is known', () => {
    expect(
      discovered('министр иностранных дел и внешнеэкономических связей Венгрии Петер Сийярто'),
    ).toEqual([{ id: 'peter-szijjarto', country: 'HU', discovered: false }]);
  });

  it('does not discover deputies, ambassadors, former ministers or title-less mentions', () => {
    for (const text of [
      'заместитель министра иностранных дел Румынии Богдан Мируцеску',
      'вице-министр иностранных дел Румынии Богдан Мируцеску',
      'Deputy Foreign Minister of Romania Bogdan Mirutescu',
      'посол Румынии Богдан Мируцеску',
      'former Foreign Minister of Romania Bogdan Mirutescu',
      'Foreign Minister Bogdan Mirutescu said',
      'Государственный секретарь Казахстана Ерлан Карин',
      'India’s Foreign Secretary Vinay Kwatra said',
      'Foreign Minister Of Kazakhstan And Uzbekistan Discussed Strategic Partnership',
    ]) {
      expect(discovered(text), text).toEqual([]);
    }
  });

  it('remembers discovered ministers for labels', () => {
    extractEntities('Foreign Minister of Mauritius Alan Ferrandoo arrived.');
    expect(ministerById('alan-ferrandoo')).toMatchObject({ country: 'MU', discovered: true });
    expect(ministerLabel('alan-ferrandoo', 'ru')).toBe('Alan Ferrandoo (министр иностранных дел)');
  });
});
