/**
 * The log format people get: readable lines at a terminal (a real pseudo-
 * terminal from `script`), JSON lines into a pipe, JSON with LOG_FORMAT=json
 * even at a terminal.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'log-format-'));
const program = path.join(dir, 'log.ts');
writeFileSync(
  program,
  `import { createLogger } from ${JSON.stringify(path.join(root, 'src/log.ts'))};
const logger = createLogger({ level: 'info', format: (process.env.LOG_FORMAT || undefined) as 'json' | undefined });
logger.info({ releases: 3 }, 'hello from the logger');
`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(env: Record<string, string>, terminal: boolean): string {
  const command = `${process.execPath} --import tsx ${program}`;
  const result = terminal
    ? spawnSync('script', ['-qec', command, '/dev/null'], {
        cwd: root,
        env: { ...process.env, ...env },
      })
    : spawnSync('sh', ['-c', command], { cwd: root, env: { ...process.env, ...env } });
  expect(result.status, String(result.stderr)).toBe(0);
  return String(result.stdout);
}

describe('log format', () => {
  it('writes JSON lines when the output is not a terminal', () => {
    const line = JSON.parse(run({ LOG_FORMAT: '' }, false).trim());
    expect(line).toMatchObject({ level: 30, msg: 'hello from the logger', releases: 3 });
  });

  it('writes readable lines at a terminal', () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes start with ESC
    const out = run({ LOG_FORMAT: '' }, true).replace(/\u001b\[[0-9;]*m/g, '');
    expect(out).toMatch(/INFO.*hello from the logger/);
    expect(out).toMatch(/releases: 3/);
    expect(out).not.toMatch(/"msg"/);
  });

  it('writes JSON at a terminal too with LOG_FORMAT=json', () => {
    const out = run({ LOG_FORMAT: 'json' }, true).replace(/\r/g, '');
    expect(JSON.parse(out.trim())).toMatchObject({ msg: 'hello from the logger' });
  });
});
