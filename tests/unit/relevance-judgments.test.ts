/**
 * The relevance set of tests/relevance/ is well formed: every line parses,
 * ids are unique, every judged document exists in ../shared, and the counts
 * per language meet the minimums. A bad line fails with its number and field.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  KINDS,
  LANGS,
  loadJudgments,
  MINIMUM_QUERIES,
  refKey,
  sharedResolver,
} from '../relevance/judgments.js';

const judgments = loadJudgments();

describe('relevance judgments', () => {
  it('has unique ids', () => {
    const ids = judgments.map((j) => j.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('meets the query minimums per language', () => {
    const counts = Object.fromEntries(
      LANGS.map((lang) => [lang, judgments.filter((j) => j.lang === lang).length]),
    );
    console.log('queries per language', counts, 'total', judgments.length);
    expect(judgments.length).toBeGreaterThanOrEqual(MINIMUM_QUERIES.total);
    for (const lang of LANGS) expect(counts[lang]).toBeGreaterThanOrEqual(MINIMUM_QUERIES[lang]);
  });

  it('uses every kind of query', () => {
    const kinds = new Set(judgments.map((j) => j.kind));
    expect([...kinds].sort()).toEqual([...KINDS].sort());
  });

  it('quotes exactly the phrase queries', () => {
    for (const j of judgments) {
      expect(/^".+"$/.test(j.query), `${j.id} ${j.query}`).toBe(j.kind === 'phrase');
    }
  });

  it('judges each document at most once per query', () => {
    for (const j of judgments) {
      const keys = j.relevant.map((r) => refKey(r.ref));
      expect(new Set(keys).size, j.id).toBe(keys.length);
    }
  });

  it('names only documents that exist in ../shared', () => {
    const resolve = sharedResolver();
    const missing = judgments.flatMap((j) =>
      j.relevant.filter((r) => resolve(r.ref) === null).map((r) => `${j.id} ${refKey(r.ref)}`),
    );
    expect(missing).toEqual([]);
  });

  it('keeps ordinary-word queries inside their own language', () => {
    // Only alias and transliteration queries judge texts of other languages
    // (JUDGING.md, "Scope"); the seed fixture is Russian.
    const resolve = sharedResolver();
    for (const j of judgments) {
      if (j.kind === 'alias' || j.kind === 'transliteration') continue;
      for (const r of j.relevant) {
        expect(resolve(r.ref)?.lang ?? 'ru', `${j.id} ${refKey(r.ref)}`).toBe(j.lang);
      }
    }
  });
});

describe('loading a bad judgments file', () => {
  const write = (content: string) => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'judgments-')), 'bad.jsonl');
    writeFileSync(file, content);
    return file;
  };
  const good = JSON.stringify(judgments[0]);

  it('names the line of text that is not JSON', () => {
    expect(() => loadJudgments(write(`${good}\n{"id": "ru-999",\n`))).toThrow(
      /bad\.jsonl line 2: not JSON/,
    );
  });

  it('names the field and the value that are wrong', () => {
    const ref = { corpus: 'mfa-news-ru-kk', id: 'n-0001' };
    const badGrade = { ...judgments[0], relevant: [{ ref, grade: 3 }] };
    expect(() => loadJudgments(write(`${good}\n\n${JSON.stringify(badGrade)}\n`))).toThrow(
      /line 3: field relevant\.0\.grade .*\(value: 3\)/,
    );
    const badRef = { ...judgments[0], relevant: [{ ref: { ...ref, id: 'n-1' }, grade: 1 }] };
    expect(() => loadJudgments(write(JSON.stringify(badRef)))).toThrow(
      /line 1: field relevant\.0\.ref\.id .*\(value: "n-1"\)/,
    );
  });

  it('rejects an id that does not match the query language', () => {
    const bad = { ...judgments[0], id: 'kk-001', lang: 'ru' };
    expect(() => loadJudgments(write(JSON.stringify(bad)))).toThrow(
      /line 1: field id id must start with the query language \(value: "kk-001"\)/,
    );
  });
});
