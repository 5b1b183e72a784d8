/**
 * Logs a person can read: `npm run import` over a file where every line is
 * bad says so once, with the reason and the fix, instead of once per line;
 * a file with a few bad lines logs the first of each kind and a count.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { readStateDept } from '../helpers/corpus.js';
import { createTestIndex, deleteIndex, testClient } from '../helpers/meili.js';
import { jsonLines, runNpmScript } from '../helpers/npm.js';

const client = testClient();
let uid: string;
let dir: string;

beforeAll(async () => {
  uid = await createTestIndex(client, 'import-logs');
  dir = await mkdtemp(path.join(tmpdir(), 'import-logs-'));
});

afterAll(async () => {
  await deleteIndex(client, uid);
  await rm(dir, { recursive: true, force: true });
});

async function runImport(file: string) {
  const result = await runNpmScript('import', [file, '--source', 'us-state'], {
    MEILI_HOST: inject('meiliHost'),
    MEILI_MASTER_KEY: inject('meiliKey'),
    MEILI_INDEX: uid,
    DATA_DIR: path.join(dir, 'data'),
  });
  return { code: result.code, lines: jsonLines(result.stdout) };
}

it('says once, with the reason and the fix, that no line of a file could be imported', async () => {
  const file = path.join(dir, 'all-bad.jsonl');
  // Real releases without their URL: every one of 2,000 lines has the same problem.
  const records = readStateDept().slice(0, 2000);
  await writeFile(file, `${records.map(({ url: _u, ...r }) => JSON.stringify(r)).join('\n')}\n`);
  const { code, lines } = await runImport(file);
  expect(code).toBe(1);
  const problems = lines.filter((l) => l.level >= 40);
  expect(problems.length).toBeLessThanOrEqual(2);
  const verdict = problems.find((l) => l.level === 50);
  expect(verdict?.msg).toMatch(/none of the 2000 lines of .*all-bad\.jsonl could be imported/);
  expect(verdict?.msg).toMatch(/url = missing/);
  expect(verdict?.msg).toMatch(/Fix: each line needs "url" \(http or https\)/);
});

it('logs the first bad line of each kind and counts the rest', async () => {
  const file = path.join(dir, 'some-bad.jsonl');
  const good = readStateDept().slice(0, 3);
  const lines = [
    ...good.map((r) => JSON.stringify(r)),
    ...Array.from({ length: 20 }, () => '{not json'),
    ...Array.from({ length: 10 }, (_, i) =>
      JSON.stringify({ ...good[0], url: `https://x.example/${i}`, published: 'soon' }),
    ),
  ];
  await writeFile(file, `${lines.join('\n')}\n`);
  const { code, lines: log } = await runImport(file);
  expect(code).toBe(1);
  const warnings = log.filter((l) => l.level === 40);
  const firsts = warnings.filter((l) => /further .* problems are counted/.test(l.msg));
  expect(firsts.map((l) => l.code).sort()).toEqual(['INVALID_DATE', 'INVALID_JSON']);
  expect(firsts.find((l) => l.code === 'INVALID_JSON')).toMatchObject({ line: 4 });
  const totals = warnings.filter((l) => /in all/.test(l.msg));
  expect(totals.map((l) => [l.code, l.count]).sort()).toEqual([
    ['INVALID_DATE', 10],
    ['INVALID_JSON', 20],
  ]);
  expect(warnings).toHaveLength(4);
});
