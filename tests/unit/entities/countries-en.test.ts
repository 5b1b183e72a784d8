import { describe, expect, it } from 'vitest';
import { countriesOf } from './helpers.js';

describe('English country names', () => {
  it('reads names, possessives and multi-word names', () => {
    expect(countriesOf("Kazakhstan's foreign policy and the Kyrgyz Republic", 'en')).toEqual([
      'KG',
      'KZ',
    ]);
    expect(countriesOf('The United States and the United Kingdom', 'en')).toEqual(['GB', 'US']);
    expect(
      countriesOf('the Democratic Republic of the Congo and the Republic of the Congo', 'en'),
    ).toEqual(['CD', 'CG']);
  });

  it('reads demonyms and compounds', () => {
    expect(countriesOf('Kazakh and Chinese officials', 'en')).toEqual(['CN', 'KZ']);
    expect(countriesOf('Russian-Chinese relations', 'en')).toEqual(['CN', 'RU']);
    expect(countriesOf('Sino-Russian ties and Russo-Uzbek relations', 'en')).toEqual([
      'CN',
      'RU',
      'UZ',
    ]);
    expect(countriesOf('Turkish, Iranian and Saudi diplomats', 'en')).toEqual(['IR', 'SA', 'TR']);
  });

  it('reads abbreviations of states but not of organisations', () => {
    expect(countriesOf('The U.S., the UK, the PRC, the UAE, the DPRK and the ROK', 'en')).toEqual([
      'AE',
      'CN',
      'GB',
      'KP',
      'KR',
      'US',
    ]);
    expect(countriesOf('USA and U.S.A.', 'en')).toEqual(['US']);
    expect(countriesOf('The EU, UN, NATO, OSCE, ASEAN, SCO and CSTO met.', 'en')).toEqual([]);
    expect(countriesOf('Call us today about the QR code.', 'en')).toEqual([]);
  });

  it('does not take cities or regions for countries', () => {
    expect(countriesOf('Talks in Beijing, Washington, Tashkent and Moscow.', 'en')).toEqual([]);
    expect(countriesOf('Security in Central Asia, Europe and the Middle East.', 'en')).toEqual([]);
    expect(countriesOf('Latin American and Central American leaders', 'en')).toEqual([]);
    expect(countriesOf('The Indian Ocean and the Gulf of Guinea', 'en')).toEqual([]);
  });

  it('tells the Guineas, the Nigers and the Dominicas apart', () => {
    expect(countriesOf('Papua New Guinea', 'en')).toEqual(['PG']);
    expect(countriesOf('Equatorial Guinea', 'en')).toEqual(['GQ']);
    expect(countriesOf('Guinea-Bissau', 'en')).toEqual(['GW']);
    expect(countriesOf('The minister visited Guinea.', 'en')).toEqual(['GN']);
    expect(countriesOf('Niger and Nigeria', 'en')).toEqual(['NE', 'NG']);
    expect(countriesOf('Dominica and the Dominican Republic', 'en')).toEqual(['DM', 'DO']);
    expect(countriesOf('South Sudan and Sudan', 'en')).toEqual(['SD', 'SS']);
  });

  it('needs North/South/Republic of to read Korea', () => {
    expect(countriesOf('The Korean Peninsula and Korea', 'en')).toEqual([]);
    expect(countriesOf('South Korea and the Republic of Korea', 'en')).toEqual(['KR']);
    expect(countriesOf('North Korea and the DPRK', 'en')).toEqual(['KP']);
  });

  it('keeps China inside "South China Sea"', () => {
    expect(countriesOf('Tensions in the South China Sea', 'en')).toEqual(['CN']);
  });

  it('handles names that are also first names, states or words', () => {
    expect(countriesOf('The minister met officials in Georgia and Jordan.', 'en')).toEqual([
      'GE',
      'JO',
    ]);
    expect(countriesOf('The minister met the Foreign Minister of Chad.', 'en')).toEqual(['TD']);
    expect(countriesOf('Chad Smith and Rosiland Jordan asked questions.', 'en')).toEqual([]);
    expect(countriesOf('He studied at Georgia State University.', 'en')).toEqual([]);
    expect(countriesOf('They polish the text.', 'en')).toEqual([]);
    expect(countriesOf('We bought a turkey.', 'en')).toEqual([]);
    expect(countriesOf('Relations with Turkey improved.', 'en')).toEqual(['TR']);
  });

  it('does not count a language for a country', () => {
    expect(countriesOf('The statement is available in Russian.', 'en')).toEqual([]);
    expect(countriesOf('Russian language courses', 'en')).toEqual([]);
  });

  it('does not take an Arabic family name made from a country for the country', () => {
    expect(countriesOf('Minister Mohammed Al-Kuwaiti met the delegation.', 'en')).toEqual([]);
    expect(countriesOf('Dr. Ahmed al-Iraqi spoke.', 'en')).toEqual([]);
    expect(countriesOf('The Kuwaiti and Iraqi delegations met.', 'en')).toEqual(['IQ', 'KW']);
  });

  it('does not take waters named after a country for it', () => {
    expect(countriesOf('peace and stability across the Taiwan Strait', 'en')).toEqual([]);
    expect(countriesOf('Taiwan held elections.', 'en')).toEqual(['TW']);
  });
});
