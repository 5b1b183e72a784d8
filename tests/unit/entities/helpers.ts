import { extractEntities } from '../../../src/entities/index.js';

/** Country codes found in a text. */
export function countriesOf(text: string, lang?: string): string[] {
  return extractEntities(text, lang === undefined ? undefined : { lang }).countries;
}

/** Minister ids found in a text. */
export function ministersOf(text: string, lang?: string): string[] {
  return extractEntities(text, lang === undefined ? undefined : { lang }).ministers.map(
    (m) => m.id,
  );
}
