import { describe, expect, it } from 'vitest';
import {
  countriesData,
  countriesFileSchema,
  ministersData,
  ministersFileSchema,
  parseDataFile,
} from '../../../src/entities/data.js';
import { extractEntities, roleLabel } from '../../../src/entities/index.js';

// The 193 UN member states (ISO 3166-1 alpha-2).
const UN_MEMBERS =
  `AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH CM CA CF TD CL CN CO KM CG CD CR
CI HR CU CY CZ KP DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ FI FR GA GM GE DE GH GR GD GT GN GW GY HT HN HU IS IN ID IR IQ IE IL IT JM JP JO
KZ KE KI KW KG LA LV LB LS LR LY LI LT LU MG MW MY MV ML MT MH MR MU MX FM MD MC MN ME MA MZ MM NA NR NP NL NZ NI NE NG MK NO OM PK PW PA
PG PY PE PH PL PT QA KR RO RU RW KN LC VC WS SM ST SA SN RS SC SL SG SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TZ TH TL TG TO TT TN TR TM
TV UG UA AE GB US UY UZ VU VE VN YE ZM ZW`.split(/\s+/);

const clean = (name: string) => name.replace(/^\^?[=!]/, '');

describe('country gazetteer', () => {
  it('covers every UN member state in English and Russian', () => {
    expect(UN_MEMBERS).toHaveLength(193);
    const byCode = new Map(countriesData.countries.map((c) => [c.code, c]));
    for (const code of UN_MEMBERS) {
      const c = byCode.get(code);
      expect(c?.en.names.length, code).toBeGreaterThan(0);
      expect(c?.ru.names.length, code).toBeGreaterThan(0);
    }
  });

  it('resolves every listed name and adjective to its own code', () => {
    const failures: string[] = [];
    for (const c of countriesData.countries) {
      const probes: string[] = [];
      for (const n of c.en.names) probes.push(`Talks with ${clean(n)} today.`);
      for (const a of c.en.adjectives ?? [])
        if (!a.endsWith('-')) probes.push(`The ${a} side spoke.`);
      for (const n of c.ru.names) {
        probes.push(
          n.startsWith('^=')
            ? `Об этом сообщил МИД ${clean(n)} сегодня.`
            : `Переговоры с ${clean(n)} сегодня.`,
        );
      }
      for (const a of c.ru.adjectives ?? [])
        if (!a.endsWith('-')) probes.push(`Затем ${a} представитель выступил.`);
      for (const n of c.kk?.names ?? []) probes.push(`Бүгін ${clean(n)} мен кездесу.`);
      for (const n of c.zh?.names ?? []) probes.push(`今天${n}表示`);
      for (const p of probes) {
        const got = extractEntities(p).countries;
        if (!(got.length === 1 && got[0] === c.code))
          failures.push(`${c.code}: "${p}" → ${JSON.stringify(got)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('covers the frequent states in Kazakh and Chinese too', () => {
    for (const code of [
      'KZ',
      'UZ',
      'KG',
      'TJ',
      'TM',
      'RU',
      'CN',
      'US',
      'TR',
      'IR',
      'AZ',
      'AF',
      'PK',
      'IN',
      'JP',
      'KR',
      'MN',
      'UA',
      'BY',
      'DE',
      'FR',
      'GB',
      'SA',
      'AE',
    ]) {
      const c = countriesData.countries.find((x) => x.code === code);
      expect(c?.kk?.names.length, code).toBeGreaterThan(0);
      expect(c?.zh?.names.length, code).toBeGreaterThan(0);
    }
  });
});

describe('minister gazetteer', () => {
  it('covers at least 40 states, including every state the service must know', () => {
    const states = new Set(ministersData.ministers.map((m) => m.country));
    expect(states.size).toBeGreaterThanOrEqual(40);
    for (const code of 'KZ UZ KG TJ TM RU CN US DE FR IT ES PL NL GB TR IR AZ AM GE BY UA MN JP KR IN PK AF SA AE QA EG IL HU AT'.split(
      ' ',
    )) {
      expect(states.has(code), code).toBe(true);
    }
  });

  it('gives every entry a source, a term and a slug id', () => {
    for (const m of ministersData.ministers) {
      expect(m.source.length, m.id).toBeGreaterThan(10);
      expect(m.terms.length, m.id).toBeGreaterThan(0);
      expect(m.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    }
  });

  it('has one holder per office at a time, give or take a handover month', () => {
    // The days certainly in office: a year-only bound leaves its year open.
    const sure = (t: { from: number | string; to: number | string | null }) => ({
      from: typeof t.from === 'number' ? `${t.from + 1}-01-01` : t.from,
      to: t.to === null ? '9999-12-31' : typeof t.to === 'number' ? `${t.to - 1}-12-31` : t.to,
    });
    const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;
    const byOffice = new Map<string, (typeof ministersData.ministers)[number][]>();
    for (const m of ministersData.ministers) {
      const office = `${m.country} ${m.role}`;
      byOffice.set(office, [...(byOffice.get(office) ?? []), m]);
    }
    const clashes: string[] = [];
    for (const [office, people] of byOffice) {
      people.forEach((a, i) => {
        for (const b of people.slice(i + 1))
          for (const ta of a.terms.map(sure))
            for (const tb of b.terms.map(sure)) {
              // Dates as YYYY-MM-DD strings: the later start and the earlier end.
              const from = [ta.from, tb.from].sort()[1] as string;
              const to = [ta.to, tb.to].sort()[0] as string;
              if (days(from, to) > 31)
                clashes.push(`${office}: ${a.id} and ${b.id} from ${from} to ${to}`);
            }
      });
    }
    expect(clashes).toEqual([]);
  });

  it('names the pages each reviewed entry was checked on', () => {
    const checked = ministersData.ministers.filter((m) => m.checked !== undefined);
    expect(checked.length).toBeGreaterThan(ministersData.ministers.length / 2);
    for (const m of checked)
      for (const c of m.checked ?? []) expect(new URL(c.url).protocol, m.id).toMatch(/^https?:$/);
  });

  it('finds every minister by each full name written in the data', () => {
    const failures: string[] = [];
    for (const m of ministersData.ministers) {
      for (const name of [m.names.en, m.names.ru, m.names.kk, ...(m.variants ?? [])]) {
        if (!name) continue;
        // A title of the person's office makes the test independent of requireRoleContext.
        const english =
          m.country === 'US'
            ? 'Secretary'
            : roleLabel(m.role, 'en').replace('secretary', 'minister');
        const text = /[а-яё]/i.test(name)
          ? `${roleLabel(m.role, 'ru')} ${name} сказал`
          : `${english} ${name} said`;
        const ids = extractEntities(text).ministers.map((x) => x.id);
        if (!ids.includes(m.id)) failures.push(`${m.id}: "${text}" → ${JSON.stringify(ids)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('data validation', () => {
  it('names the field and the value that are wrong', () => {
    const bad = structuredClone(ministersData) as { ministers: Array<Record<string, unknown>> };
    (bad.ministers[3] as Record<string, unknown>).country = 'XX';
    expect(() => parseDataFile(ministersFileSchema, bad, 'ministers.json')).toThrow(
      /ministers\.json:\n {2}ministers\.3\.country: not an ISO 3166-1 alpha-2 code \(value: "XX"\)/,
    );
  });

  it('rejects duplicate ids, bad slugs and unknown fields', () => {
    const dup = structuredClone(ministersData) as { ministers: Array<Record<string, unknown>> };
    (dup.ministers[1] as Record<string, unknown>).id = (
      dup.ministers[0] as Record<string, unknown>
    ).id;
    expect(() => parseDataFile(ministersFileSchema, dup, 'm.json')).toThrow(
      /ministers\.1\.id: duplicate id/,
    );

    const slug = structuredClone(ministersData) as { ministers: Array<Record<string, unknown>> };
    (slug.ministers[0] as Record<string, unknown>).id = 'Sergey Lavrov';
    expect(() => parseDataFile(ministersFileSchema, slug, 'm.json')).toThrow(
      /value: "Sergey Lavrov"/,
    );

    const extra = structuredClone(countriesData) as { countries: Array<Record<string, unknown>> };
    (extra.countries[0] as Record<string, unknown>).capital = 'Kabul';
    expect(() => parseDataFile(countriesFileSchema, extra, 'c.json')).toThrow(/countries\.0/);
  });
});
