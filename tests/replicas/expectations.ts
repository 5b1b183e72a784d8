/**
 * What each item of the four new captures should become, written by reading
 * the saved pages (in a browser's view-source and by hand), not by copying
 * the extractor's output: the title as the page heads it, the date as the
 * page prints it (in the ministry's time zone; null where the page prints
 * none), the language, the first and last words of the text, countries and
 * ministers the text plainly names (at least these), and page chrome that
 * must not reach the text. Only short quotes: the pages stay in ../shared.
 */

export interface ItemExpectation {
  url: string;
  title: string;
  published: string | null;
  datePrecision: 'datetime' | 'date' | 'unknown';
  lang: string;
  bodyStarts: string;
  bodyEnds: string;
  /** ISO codes the text plainly names; the release has at least these. */
  countries: string[];
  /** Minister ids (gazetteer) the text names; the release has at least these. */
  ministers?: string[];
  /** Page chrome that must not be in the body. */
  notInBody: string[];
  /** Warning codes the release must carry. */
  warnings?: string[];
  /** Where on the page the date was read, or why there is none. */
  dateFrom: string;
}

const BY = 'https://mfa.gov.by/en/press/statements/';
const BY_CHROME = ['Belarusian Diplomatic Missions abroad', 'Statements & Speeches', 'Home /'];

/** The statement on the CEI summit, which the copy holds twice. */
const CEI_STATEMENT: ItemExpectation = {
  url: `${BY}cf70e7349e4f19db.html`,
  title:
    'Statement by Minister of Foreign Affairs of the Republic of Belarus, V.Makei, at the Extraordinary Virtual Summit of the Heads of Governments of the Central European Initiative (May 15, 2020)',
  published: '2020-05-15T00:00:00+03:00',
  datePrecision: 'date',
  dateFrom: 'the title, "(May 15, 2020)"',
  lang: 'en',
  bodyStarts: 'Dear Prime Minister Markovic,\n\nDear Secretary General,',
  bodyEnds: 'and we can win it only together.\n\nThank you.',
  countries: ['BY', 'IT'],
  ministers: ['vladimir-makei'],
  notInBody: BY_CHROME,
};

/** mfa.gov.by: the five statement pages the listing links. */
export const BELARUS: ItemExpectation[] = [
  {
    url: `${BY}bf7e69d3fec2c5f0.html`,
    title:
      'Statement of the Foreign Ministry of the Republic of Belarus in connection with the situation in Kazakhstan',
    published: '2021-12-06T00:00:00+03:00',
    datePrecision: 'date',
    dateFrom: 'the right-aligned last paragraph "December 6, 2021, Minsk"',
    lang: 'en',
    bodyStarts: 'It is with deep concern that we see the situation deteriorate rapidly',
    bodyEnds: 'December 6, 2021, Minsk',
    countries: ['BY', 'KZ'],
    notInBody: BY_CHROME,
  },
  {
    url: `${BY}b7b71aff55bfca76.html`,
    title:
      'Statement by the Foreign Ministry on countermeasures of the Republic of Belarus to illegal external sanctions pressure',
    published: '2021-12-06T00:00:00+03:00',
    datePrecision: 'date',
    dateFrom: 'the right-aligned last paragraph "December 6, 2021"',
    lang: 'en',
    bodyStarts: 'In response to illegal external sanctions pressure aimed at undermining',
    bodyEnds: 'December 6, 2021',
    countries: ['BY'],
    notInBody: BY_CHROME,
  },
  {
    url: `${BY}f179725988c80350.html`,
    title: 'Statement of the Ministry of Foreign Affairs of the Republic of Belarus',
    published: null,
    datePrecision: 'unknown',
    dateFrom: 'none: the page prints no date and the title has none',
    lang: 'en',
    bodyStarts: 'In view of a series of statements made in European capitals',
    bodyEnds: 'show not only your commitment to your principles, but also responsibility!',
    countries: ['BY'],
    notInBody: BY_CHROME,
    warnings: ['DATE_UNKNOWN'],
  },
  CEI_STATEMENT,
  // The same statement again under another URL (the listing titles it as the OSCE one).
  { ...CEI_STATEMENT, url: `${BY}dad9272a52869cef.html` },
];

const UK = 'https://www.gov.uk/government/news/';
const UK_CHROME = ['Explore GOV.UK', 'Organisations:', 'Open Government Licence', 'Published:'];

/** www.gov.uk: the nine FCO news pages of December 2012. */
export const GOV_UK: ItemExpectation[] = [
  {
    url: `${UK}change-of-british-high-commissioner-to-tanzania`,
    title: 'Change of British High Commissioner to Tanzania',
    published: '2012-12-04T12:00:00+00:00',
    bodyStarts: 'Ms Dianna Patricia Melrose has been appointed British High Commissioner',
    bodyEnds: 'C.E. Heath & Co, and Noram Investment Services',
    countries: ['TZ'],
  },
  {
    url: `${UK}conference-on-freedom-of-religion-or-belief`,
    title: 'Conference on freedom of religion or belief',
    published: '2012-12-04T15:06:00+00:00',
    bodyStarts: 'The Foreign Office, the Canadian High Commission and Wilton Park',
    bodyEnds: 'creating the conditions for all to practice their religion freely.',
    countries: [],
  },
  {
    url: `${UK}foreign-office-minister-baroness-warsi-marks-human-rights-day`,
    title: 'Foreign Office Minister Baroness Warsi marks Human Rights Day',
    published: '2012-12-10T00:00:00+00:00',
    bodyStarts:
      'Baroness Warsi will launch the UK’s campaign for election to the UN Human Rights Council',
    bodyEnds: 'Facebook and Google+',
    countries: ['GB'],
  },
  {
    url: `${UK}foreign-secretary-attends-manama-dialogue`,
    title: 'Foreign Secretary attends Manama Dialogue',
    published: '2012-12-07T18:00:00+00:00',
    bodyStarts: 'Foreign Secretary William Hague will join discussion on regional security issues',
    bodyEnds:
      'full and timely implementation of their reform programme, and the UK’s offer of support.”',
    countries: ['BH'],
  },
  {
    url: `${UK}foreign-secretary-expresses-concern-about-reports-of-violence-in-cairo--2`,
    title: 'Foreign Secretary expresses concern about reports of violence in Cairo',
    published: '2012-12-05T13:38:00+00:00',
    bodyStarts: '"We urge all parties to resolve their differences through a process of dialogue',
    bodyEnds: 'through a process of dialogue which allows all voices to be heard.',
    countries: ['EG'],
  },
  {
    url: `${UK}foreign-secretary-holds-trilateral-talks-with-foreign-ministers-of-pakistan-and-afghanistan`,
    title:
      'Foreign Secretary holds trilateral talks with Foreign Ministers of Pakistan and Afghanistan',
    published: '2012-12-05T16:42:00+00:00',
    bodyStarts: 'Foreign Secretary William Hague and the Foreign Ministers held the third meeting',
    bodyEnds: 'the unwavering support of the British government in these efforts.',
    countries: ['AF', 'PK'],
  },
  {
    url: `${UK}government-confirms-settlement-of-al-saadi-case`,
    title: 'Government confirms settlement of Al Saadi case',
    published: '2012-12-13T16:31:56+00:00',
    bodyStarts:
      'The UK Government and other defendants have reached a settlement in the Al Saadi case.',
    bodyEnds: 'There has been no admission of liability and no finding by any court of liability.”',
    countries: ['GB'],
  },
  {
    url: `${UK}mark-simmonds-visits-africa-to-support-efforts-to-end-crisis-in-goma`,
    title: 'Mark Simmonds visits Africa to support efforts to end crisis in Goma',
    published: '2012-12-10T15:41:14+00:00',
    bodyStarts: 'Foreign Office Minister Mark Simmonds is visiting Africa on a three-country visit',
    bodyEnds: 'a sustainable long term plan that will ensure peace and stability for the region.”',
    countries: ['CD', 'RW', 'UG'],
  },
  {
    url: `${UK}skiiers-avoid-injury-and-expensive-medical-bills`,
    title: 'Skiers: avoid injury and expensive medical bills',
    published: '2012-12-10T15:33:00+00:00',
    bodyStarts:
      'We urge winter sports holidaymakers to know their limits before hitting the slopes.',
    bodyEnds:
      'The figures have been weighted and are representative of all UK adults aged 18 and over.',
    countries: [],
  },
].map((item) => ({
  ...item,
  datePrecision: 'datetime' as const,
  dateFrom: 'abbr.published-at, its title attribute (the visible text gives the day only)',
  lang: 'en',
  notInBody: UK_CHROME,
}));

/** The GOV.UK items linked from the listing page 2 the copy holds (the al-saadi one is on page 1). */
export const GOV_UK_LINKED_FROM_PAGE_2 = GOV_UK.filter((i) => !i.url.includes('al-saadi'));

/** www.kln.gov.my: the one release the copy holds. */
export const MALAYSIA: ItemExpectation[] = [
  {
    url: 'https://www.kln.gov.my/web/guest/-/united-arab-emirates-contributes-500-000-doses-of-covid-19-vaccine-to-malaysia',
    title: 'UNITED ARAB EMIRATES CONTRIBUTES 500,000 DOSES OF COVID-19 VACCINE TO MALAYSIA',
    published: '2022-01-25T00:00:00+08:00',
    datePrecision: 'date',
    dateFrom: 'the last paragraph of the text, "25 JANUARY 2022" (the listing says 1/25/22)',
    lang: 'en',
    // The text repeats the title on its first two lines; the release starts after it.
    bodyStarts: 'Malaysia has today received 500,000 doses of COVID-19 vaccine',
    bodyEnds: '25 JANUARY 2022',
    countries: ['AE', 'MY'],
    ministers: ['saifuddin-abdullah'],
    notInBody: ['Print', 'Contact Us', 'QUICKLINKS', 'MFA Emergency Helpline'],
  },
];

/** mfa.uz: the one entry of the listing sample (its item page is not in the copy). */
export const UZBEKISTAN_ENTRY = {
  title:
    'Uzbekistan, China leaders call for further strengthening comprehensive strategic partnership',
  date: '2022-02-07T19:50:00+05:00',
  /** The fixture's edit; the real URL is unknown, so the crawler must not follow it. */
  href: 'http://localhost/31033.html',
};

/** Every difference between a release and its expectation, in words (empty = as expected). */
/** The fields of a release an expectation is compared with. */
export interface ReleaseFields {
  url: string;
  title: string;
  published: string | null;
  datePrecision: string;
  lang: string;
  body: string;
  countries: string[];
  ministers: string[];
}

export function differences(
  release: ReleaseFields,
  expected: ItemExpectation,
  /** The normalizer's warning codes, when the caller has them (the archive does not keep them). */
  warnings?: readonly string[],
): string[] {
  const found: string[] = [];
  const quote = (s: string) => JSON.stringify(s.length > 90 ? `${s.slice(0, 87)}...` : s);
  if (release.url !== expected.url) found.push(`url ${release.url}`);
  if (release.title !== expected.title) found.push(`title ${quote(release.title)}`);
  if (release.published !== expected.published) found.push(`published ${release.published}`);
  if (release.datePrecision !== expected.datePrecision)
    found.push(`datePrecision ${release.datePrecision}`);
  if (release.lang !== expected.lang) found.push(`lang ${release.lang}`);
  if (!release.body.startsWith(expected.bodyStarts))
    found.push(`body starts ${quote(release.body)}`);
  if (!release.body.endsWith(expected.bodyEnds))
    found.push(`body ends ${quote(release.body.slice(-90))}`);
  for (const code of expected.countries)
    if (!release.countries.includes(code))
      found.push(`country ${code} missing (${release.countries})`);
  for (const id of expected.ministers ?? [])
    if (!release.ministers.includes(id))
      found.push(`minister ${id} missing (${release.ministers})`);
  for (const chrome of expected.notInBody)
    if (release.body.includes(chrome)) found.push(`page chrome in the body: ${quote(chrome)}`);
  if (warnings)
    for (const code of expected.warnings ?? [])
      if (!warnings.includes(code)) found.push(`warning ${code} missing`);
  return found;
}
