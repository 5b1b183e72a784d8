/** `npm run import` as people run it: a summary per file, and exit codes that say what happened. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { meiliEnv, spawnCli } from '../helpers/cli.js';
import { deleteIndex, testClient, uniqueIndexUid } from '../helpers/meili.js';

const client = testClient();
const uid = uniqueIndexUid('import-cli');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'import-cli-'));
});

afterAll(async () => {
  await deleteIndex(client, uid).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

const run = (args: string[]) =>
  spawnCli('src/cli/import.ts', args, { ...meiliEnv(uid), DATA_DIR: path.join(dir, 'data') }).done;

it('imports, summarizes, and exits 1 when a line was bad', async () => {
  const file = path.join(dir, 'mixed.jsonl');
  const text =
    'The Foreign Minister of Kazakhstan met the Foreign Minister of Japan in Tokyo to discuss trade and transit.';
  await writeFile(
    file,
    [
      JSON.stringify({
        url: 'https://cli.example/1',
        title: 'Talks in Tokyo',
        text,
        published: '2024-05-02',
      }),
      JSON.stringify({
        url: 'https://cli.example/2',
        title: 'Bad date',
        text,
        published: '2024-02-30',
      }),
    ].join('\n'),
  );
  const first = await run([file, '--source', 'cli-test']);
  expect(first.code, first.stderr).toBe(1);
  const bad = first.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { code?: string; line?: number; msg: string });
  expect(bad.find((l) => l.code === 'INVALID_DATE')).toMatchObject({ line: 2 });
  expect(first.stderr).toMatch(/items: +1 new, 0 changed, 0 unchanged, 1 bad lines/);
  expect(first.stderr).toMatch(/releases: 1 new/);
  expect(first.stderr).toMatch(
    /1 added, 0 updated, 0 replaced by a near-duplicate, 0 refused, 0 pending/,
  );
  expect((await client.index(uid).getStats()).numberOfDocuments).toBe(1);

  const again = await run([file, '--source', 'cli-test']);
  expect(again.stderr).toMatch(/items: +0 new, 0 changed, 1 unchanged, 1 bad lines/);
  expect(again.stderr).toMatch(/0 added, 0 updated/);
});

it('refuses what it cannot use before starting anything', async () => {
  const missing = await run([path.join(dir, 'nope.jsonl')]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('cannot read');
  const none = await run([]);
  expect(none.code).toBe(2);
  expect(none.stderr).toContain('No file given');
});
