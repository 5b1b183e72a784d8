/**
 * Entity extraction for press releases: countries (ISO 3166-1 alpha-2) and
 * foreign ministers (stable ids) in Russian, Kazakh, English and Chinese text.
 *
 * Everything is compiled once when this module loads (gazetteer.ts); a call
 * tokenises the text once and works with Map lookups, so it is cheap enough
 * to run on every document of a large import.
 */
import { extract } from './extract.js';
import { ministerIndex } from './gazetteer.js';
import { ROLE_LABELS } from './role-labels.js';
import type { Entities, MinisterInfo } from './types.js';

export { COUNTRY_CODES, countryLabel, isCountryCode } from './countries.js';
export { CYRILLIC_LATIN } from './text.js';
export type { Entities, MinisterInfo } from './types.js';

// Ministers discovered in earlier documents, so that their facet labels can
// be shown later in this process. Bounded: it is a convenience, not a store.
const DISCOVERED_LIMIT = 10_000;
const discovered = new Map<string, MinisterInfo>();

function remember(m: MinisterInfo): void {
  if (discovered.has(m.id)) return;
  if (discovered.size >= DISCOVERED_LIMIT) {
    const oldest = discovered.keys().next().value;
    if (oldest !== undefined) discovered.delete(oldest);
  }
  discovered.set(m.id, m);
}

function copy(m: MinisterInfo): MinisterInfo {
  const out: MinisterInfo = { id: m.id, names: { ...m.names }, country: m.country, role: m.role };
  if (m.discovered) out.discovered = true;
  return out;
}

/**
 * Countries and ministers mentioned in a text. `lang` (ru, kk, en, zh) is only
 * a hint: texts are often mixed, so every language is always tried. `date`
 * (YYYY-MM-DD, or an ISO date-time: its first ten characters count) or else
 * `year`, when the text's date is known, drops gazetteer ministers who were
 * not in office then, unless the text gives them the title of their office.
 */
export function extractEntities(
  text: string,
  options?: {
    lang?: string | undefined;
    year?: number | undefined;
    date?: string | undefined;
  },
): Entities {
  const day = options?.date?.slice(0, 10);
  const date = day !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : undefined;
  const year = options?.year ?? (date ? Number(date.slice(0, 4)) : undefined);
  const result = extract(text, options?.lang, undefined, { date, year });
  const ministers = result.ministers.map((m) => {
    if (m.discovered) remember(m);
    return copy(m);
  });
  return { countries: result.countries, ministers };
}

/**
 * Makes ministers discovered earlier (kept in the archive) known again after
 * a restart, so their ids resolve to names.
 */
export function rememberMinisters(ministers: readonly MinisterInfo[]): void {
  for (const m of ministers) if (m.discovered && !ministerIndex.has(m.id)) remember(copy(m));
}

/** A gazetteer minister, or one discovered earlier in this process. */
export function ministerById(id: string): MinisterInfo | undefined {
  const m = ministerIndex.get(id)?.info ?? discovered.get(id);
  return m ? copy(m) : undefined;
}

/** The minister's name in that locale, else the English name, else the id. */
export function ministerName(id: string, locale: string): string {
  const m = ministerIndex.get(id)?.info ?? discovered.get(id);
  if (!m) return id;
  const names: Record<string, string | undefined> = m.names;
  return names[localeLang(locale)] ?? m.names.en ?? id;
}

/**
 * The facet label: the name in that locale with the role, "Anton Siluanov
 * (finance minister)", "Антон Силуанов (министр финансов)"; the id when the
 * person is unknown.
 */
export function ministerLabel(id: string, locale: string): string {
  const m = ministerIndex.get(id)?.info ?? discovered.get(id);
  if (!m) return id;
  return `${ministerName(id, locale)} (${roleLabel(m.role, locale)})`;
}

function localeLang(locale: string): string {
  return locale.toLowerCase().split(/[-_]/)[0] ?? 'en';
}

/** A role in words in that locale (English when the locale is not ru, kk or zh). */
export function roleLabel(role: string, locale: string): string {
  const lang = localeLang(locale);
  const known = ROLE_LABELS[role];
  if (known) return (known as Record<string, string>)[lang] ?? known.en;
  // An unlisted portfolio: its id in words ("digital-development-minister" → "digital development minister").
  return role.replace(/-/g, ' ');
}
