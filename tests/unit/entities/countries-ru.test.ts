import { describe, expect, it } from 'vitest';
import { countriesOf } from './helpers.js';

describe('Russian country names', () => {
  it.each([
    ['Казахстан подписал соглашение.', 'KZ'],
    ['Экспорт Казахстана вырос.', 'KZ'],
    ['Сотрудничество с Казахстаном развивается.', 'KZ'],
    ['Выборы в Казахстане прошли спокойно.', 'KZ'],
    ['Китай поддержал инициативу.', 'CN'],
    ['Делегация Китая прибыла.', 'CN'],
    ['Экспорт в Китай и поставки Китаю выросли.', 'CN'],
    ['Переговоры с Китаем продолжатся.', 'CN'],
    ['Он работал в Китае.', 'CN'],
    ['Россия и её партнёры.', 'RU'],
    ['Позиция России известна.', 'RU'],
    ['Переговоры с Россией.', 'RU'],
    ['Санкции против Турции и визит в Турцию.', 'TR'],
    ['Отношения с Беларусью и Белоруссией.', 'BY'],
    ['Посольство Израиля в Израиле.', 'IL'],
    ['Поставки в Египет и из Египта.', 'EG'],
    ['Консультации с Нидерландами.', 'NL'],
    ['На Филиппинах прошли выборы.', 'PH'],
    ['Встреча на Маршалловых Островах.', 'MH'],
  ])('%s → %s', (text, code) => {
    expect(countriesOf(text, 'ru')).toEqual([code]);
  });

  it('recognises every case of multi-word names', () => {
    expect(countriesOf('Соединённые Штаты Америки и Соединенных Штатов', 'ru')).toEqual(['US']);
    expect(countriesOf('с Соединенными Штатами', 'ru')).toEqual(['US']);
    expect(countriesOf('визит в Саудовскую Аравию', 'ru')).toEqual(['SA']);
    expect(countriesOf('министр Объединённых Арабских Эмиратов', 'ru')).toEqual(['AE']);
    expect(countriesOf('в Республике Корея и в Южной Корее', 'ru')).toEqual(['KR']);
    expect(countriesOf('делегация Северной Кореи', 'ru')).toEqual(['KP']);
    expect(countriesOf('в Новой Зеландии', 'ru')).toEqual(['NZ']);
    expect(countriesOf('президент Южной Африки', 'ru')).toEqual(['ZA']);
  });

  it('keeps the indeclinable США', () => {
    expect(countriesOf('Госсекретарь США прибыл.', 'ru')).toEqual(['US']);
  });

  it('maps adjectives and compounds to countries', () => {
    expect(countriesOf('казахстанский бизнес', 'ru')).toEqual(['KZ']);
    expect(countriesOf('казахстанской стороны', 'ru')).toEqual(['KZ']);
    expect(countriesOf('казахстанско-китайский форум', 'ru')).toEqual(['CN', 'KZ']);
    expect(countriesOf('российско-американские отношения', 'ru')).toEqual(['RU', 'US']);
    expect(countriesOf('Китайская сторона выразила надежду', 'ru')).toEqual(['CN']);
    expect(countriesOf('туркмено-российские отношения', 'ru')).toEqual(['RU', 'TM']);
    expect(countriesOf('американо-китайский диалог', 'ru')).toEqual(['CN', 'US']);
    expect(countriesOf('глава южнокорейского МИДа', 'ru')).toEqual(['KR']);
  });

  it('does not count a combining form without its hyphen', () => {
    expect(countriesOf('Франко прибыл вчера.', 'ru')).toEqual([]);
  });

  it('reads abbreviations of states but not of organisations', () => {
    expect(countriesOf('МИД РК, МИД РФ, КНР, ОАЭ, КНДР и ФРГ', 'ru')).toEqual([
      'AE',
      'CN',
      'DE',
      'KP',
      'KZ',
      'RU',
    ]);
    expect(countriesOf('ЕС, ООН, ОДКБ, ЕАЭС, ШОС, СНГ, НАТО, ОБСЕ, ОИС и СВМДА', 'ru')).toEqual([]);
  });

  it('reads ministry abbreviations only after МИД', () => {
    expect(countriesOf('Об этом сообщает МИД РТ.', 'ru')).toEqual(['TJ']);
    expect(countriesOf('Телефон доверия МИД РУ', 'ru')).toEqual(['UZ']);
    expect(countriesOf('Канал РТ показал репортаж.', 'ru')).toEqual([]);
  });

  it('does not take cities or regions for countries', () => {
    expect(countriesOf('Встреча прошла в Пекине, Вашингтоне, Москве и Астане.', 'ru')).toEqual([]);
    expect(
      countriesOf('Стабильность в Центральной Азии, Европе и на Ближнем Востоке.', 'ru'),
    ).toEqual([]);
    expect(countriesOf('Страны Латинской Америки и Северной Америки', 'ru')).toEqual([]);
    expect(countriesOf('президент Республики Сербской', 'ru')).toEqual([]);
  });

  it('handles risky short names', () => {
    expect(countriesOf('Кроме того, стороны обсудили торговлю.', 'ru')).toEqual([]);
    expect(countriesOf('Того же мнения придерживаются эксперты.', 'ru')).toEqual([]);
    expect(countriesOf('Министр посетил Того и Бенин.', 'ru')).toEqual(['BJ', 'TG']);
    expect(countriesOf('Перу принадлежит много статей.', 'ru')).toEqual([]);
    expect(countriesOf('Делегация прибыла в Перу.', 'ru')).toEqual(['PE']);
    expect(countriesOf('Над городом стоял чад.', 'ru')).toEqual([]);
    expect(countriesOf('Миротворцы в Мали и Чаде.', 'ru')).toEqual(['ML', 'TD']);
  });

  it('keeps Niger and Nigeria apart in every case', () => {
    expect(countriesOf('в Нигере', 'ru')).toEqual(['NE']);
    expect(countriesOf('в Нигерии', 'ru')).toEqual(['NG']);
  });

  it('does not count a language name as a country', () => {
    expect(countriesOf('Документ переведён на русский язык.', 'ru')).toEqual([]);
    expect(countriesOf('English Français Español Русский', 'ru')).toEqual([]);
  });
});
