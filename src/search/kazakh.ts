/**
 * A suffix-chain stripper for Kazakh (Cyrillic): stem + plural + possessive +
 * case, each ending with its vowel-harmony and consonant variants, plus the
 * commonest verbal and derivational endings (see
 * ../shared/notes/kazakh-suffixes.md). npm has no Kazakh stemmer; this one
 * only has to map the forms of a word to one key, the same way for texts and
 * queries, so it strips from the end, longest ending first, and always keeps
 * a stem of at least three letters.
 */

/** Endings of one slot of the chain, longest first within the slot. */
const CASE = [
  'менен',
  'бенен',
  'пенен',
  'ның',
  'нің',
  'дың',
  'дің',
  'тың',
  'тің',
  'нан',
  'нен',
  'дан',
  'ден',
  'тан',
  'тен',
  'нда',
  'нде',
  'мен',
  'бен',
  'пен',
  'ға',
  'ге',
  'қа',
  'ке',
  'на',
  'не',
  'да',
  'де',
  'та',
  'те',
  'ны',
  'ні',
  'ды',
  'ді',
  'ты',
  'ті',
];
const POSSESSIVE = [
  'ымыз',
  'іміз',
  'ыңыз',
  'іңіз',
  'мыз',
  'міз',
  'сы',
  'сі',
  'ым',
  'ім',
  'ың',
  'ің',
  'ы',
  'і',
];
const PLURAL = ['лар', 'лер', 'дар', 'дер', 'тар', 'тер'];
/** Verbal noun, participles and the -лық family, stripped last (they also end nouns). */
const DERIVATION = ['ған', 'ген', 'қан', 'кен', 'лық', 'лік', 'дық', 'дік', 'тық', 'тік', 'у'];

/**
 * All endings, longest first. Stripping repeats until none applies, so the
 * key of every form is the key of its stem, even when the stem itself ends
 * like an ending (Қазақстан, Қазақстанның → қазақс): consistent, if not
 * linguistic.
 */
const ENDINGS = [...CASE, ...POSSESSIVE, ...PLURAL, ...DERIVATION].sort(
  (a, b) => b.length - a.length,
);
const MIN_STEM = 3;
const VOWELS = /[аәеёиоөұүыіэюя]/;

/** Before a vowel ending қ, к, п become ғ, г, б (ынтымақтастық → ынтымақтастығы); undo it. */
function devoice(stem: string): string {
  const last = stem.at(-1);
  if (last === 'ғ') return `${stem.slice(0, -1)}қ`;
  if (last === 'г') return `${stem.slice(0, -1)}к`;
  if (last === 'б') return `${stem.slice(0, -1)}п`;
  return stem;
}

/** The key of a lowercase Cyrillic word: its Kazakh endings stripped. */
export function kazakhStem(word: string): string {
  let stem = word;
  for (let changed = true; changed; ) {
    changed = false;
    for (const ending of ENDINGS) {
      if (!stem.endsWith(ending)) continue;
      const rest = stem.slice(0, -ending.length);
      // A stem keeps a vowel and three letters; one-letter endings need four.
      if (rest.length < (ending.length === 1 ? MIN_STEM + 1 : MIN_STEM) || !VOWELS.test(rest)) {
        continue;
      }
      stem = VOWELS.test(ending[0] ?? '') ? devoice(rest) : rest;
      changed = true;
      break;
    }
  }
  return stem;
}
