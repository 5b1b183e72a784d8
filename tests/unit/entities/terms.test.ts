import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../../src/entities/index.js';

const ids = (text: string, year?: number) =>
  extractEntities(text, { lang: 'en', year }).ministers.map((m) => m.id);

describe('ministers and the date of the text', () => {
  const text = 'The talks in Vienna continued on Monday, and Araghchi said progress had been made.';

  it('counts a minister mentioned by name while in office', () => {
    expect(ids(text, 2025)).toContain('abbas-araghchi');
  });

  it('does not count someone who was not yet (or no longer) foreign minister then', () => {
    expect(ids(text, 2021)).not.toContain('abbas-araghchi');
  });

  it('still counts them when the text calls them foreign minister', () => {
    expect(ids('Iranian Foreign Minister Abbas Araghchi met the delegation.', 2021)).toContain(
      'abbas-araghchi',
    );
  });

  it('decides by name alone when the date is unknown', () => {
    expect(ids(text)).toContain('abbas-araghchi');
  });
});
