/**
 * Arguments of the commands that take one folder (`backup DIR`, `restore
 * DIR`): `--help` prints the help, anything wrong prints why and the help.
 */
import type { ParseArgsConfig } from 'node:util';
import { parseCommandArgs } from './args.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The folder and the option values, or the exit code when the command should stop here. */
export function parseFolderArgs(
  help: string,
  options: Options = {},
): { dir: string; values: Record<string, string | boolean | undefined> } | number {
  const parsed = parseCommandArgs(help, options, { positionals: true });
  if (typeof parsed === 'number') return parsed;
  const [dir, ...extra] = parsed.positionals;
  if (!dir || extra.length > 0) {
    process.stderr.write(`Give exactly one backup folder.\n\n${help}\n`);
    return 2;
  }
  return { dir, values: parsed.values as Record<string, string | boolean | undefined> };
}
