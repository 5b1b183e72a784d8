/** Ministers found in texts (not in the gazetteer: the name is made up) keep their names across restarts. */
import { expect, it } from 'vitest';
import { Archive } from '../../../src/archive/archive.js';
import { extractEntities, ministerName, rememberMinisters } from '../../../src/entities/index.js';

it('keeps discovered ministers in the archive and makes them known again', () => {
  const archive = new Archive(':memory:');
  try {
    const found = extractEntities(
      'Министр иностранных дел Мальты Иэн Касабьянка провел переговоры в Астане.',
      {
        lang: 'ru',
      },
    ).ministers;
    const discovered = found.filter((m) => m.discovered);
    expect(discovered.length).toBe(1);
    archive.ministers.save(found);
    archive.ministers.save(found);
    const stored = archive.ministers.all();
    expect(stored).toEqual(discovered);

    // As after a restart: a minister only the archive knows.
    const restored = {
      id: 'zz-test-minister',
      names: { en: 'Zz Test', ru: 'Зз Тест' },
      country: 'MT',
      role: 'foreign-minister',
      discovered: true,
    };
    expect(ministerName(restored.id, 'ru')).toBe(restored.id);
    archive.ministers.save([restored]);
    rememberMinisters(archive.ministers.all());
    expect(ministerName(restored.id, 'ru')).toBe('Зз Тест');
    expect(ministerName(restored.id, 'kk')).toBe('Zz Test');
  } finally {
    archive.close();
  }
});
