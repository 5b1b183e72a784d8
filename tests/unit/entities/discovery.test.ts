import { describe, expect, it } from 'vitest';
import { extractEntities, ministerById, ministerLabel } from '../../../src/entities/index.js';

const discovered = (text: string) =>
  extractEntities(text).ministers.map((m) => ({
    id: m.id,
    country: m.country,
    discovered: m.discovered === true,
  }));

describe('discovery of foreign ministers missing from the gazetteer', () => {
  it('finds a Russian title pattern and returns the name in the nominative', () => {
    expect(discovered('Министр иностранных дел Румынии Богдан Ауреску прибыл в Астану.')).toEqual([
      { id: 'bogdan-auresku', country: 'RO', discovered: true },
    ]);
    const [m] = extractEntities(
      'Он встретился с министром иностранных дел Румынии Богданом Ауреску.',
    ).ministers;
    expect(m?.names).toEqual({ en: 'Bogdan Auresku', ru: 'Богдан Ауреску' });
    expect(m?.role).toBe('foreign-minister');
  });

  it('reads "глава МИД X", including a list of several ministers', () => {
    expect(discovered('глава МИД Боливии Фернандо Уанакуни провел брифинг')).toEqual([
      { id: 'fernando-uanakuni', country: 'BO', discovered: true },
    ]);
    expect(
      discovered(
        'главами внешнеполитических ведомств Румынии Богданом Ауреску, Словакии Юраем Бланаром и Чили Антонией Уррехолой',
      ),
    ).toEqual([
      { id: 'antoniya-urrekhola', country: 'CL', discovered: true },
      { id: 'bogdan-auresku', country: 'RO', discovered: true },
      { id: 'juraj-blanar', country: 'SK', discovered: false },
    ]);
  });

  it('reads English patterns with the country before or after the title', () => {
    const expected = [{ id: 'bogdan-aurescu', country: 'RO', discovered: true }];
    expect(discovered('Foreign Minister of Romania Bogdan Aurescu arrived.')).toEqual(expected);
    expect(discovered("Romania's Foreign Minister Bogdan Aurescu said")).toEqual(expected);
    expect(discovered('Romanian Foreign Minister Bogdan Aurescu said')).toEqual(expected);
    expect(discovered('Foreign Minister Rimbink Pato of Papua New Guinea visited')).toEqual([
      { id: 'rimbink-pato', country: 'PG', discovered: true },
    ]);
  });

  it('reads the Kazakh "Сыртқы істер министрі" pattern and strips the case ending', () => {
    expect(discovered('Румыния Сыртқы істер министрі Богдан Аурескумен кездесті.')).toEqual([
      { id: 'bogdan-auresku', country: 'RO', discovered: true },
    ]);
    expect(discovered('Румыния Сыртқы істер министрі Богдан Ауреску Астанаға келді.')).toEqual([
      { id: 'bogdan-auresku', country: 'RO', discovered: true },
    ]);
  });

  it('prefers the gazetteer when the person is known', () => {
    expect(
      discovered('министр иностранных дел и внешнеэкономических связей Венгрии Петер Сийярто'),
    ).toEqual([{ id: 'peter-szijjarto', country: 'HU', discovered: false }]);
  });

  it('does not discover deputies, ambassadors, former ministers or title-less mentions', () => {
    for (const text of [
      'заместитель министра иностранных дел Румынии Богдан Ауреску',
      'вице-министр иностранных дел Румынии Богдан Ауреску',
      'Deputy Foreign Minister of Romania Bogdan Aurescu',
      'посол Румынии Богдан Ауреску',
      'former Foreign Minister of Romania Bogdan Aurescu',
      'Foreign Minister Bogdan Aurescu said',
      'Государственный секретарь Казахстана Ерлан Карин',
      'India’s Foreign Secretary Vinay Kwatra said',
      'Foreign Minister Of Kazakhstan And Uzbekistan Discussed Strategic Partnership',
    ]) {
      expect(discovered(text), text).toEqual([]);
    }
  });

  it('remembers discovered ministers for labels', () => {
    extractEntities('Foreign Minister of Mauritius Alan Ganoo arrived.');
    expect(ministerById('alan-ganoo')).toMatchObject({ country: 'MU', discovered: true });
    expect(ministerLabel('alan-ganoo', 'ru')).toBe('Alan Ganoo (министр иностранных дел)');
  });
});
