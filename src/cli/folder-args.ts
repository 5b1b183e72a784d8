/**
 * Arguments of the commands that take one folder (`backup DIR`, `restore
 * DIR`): `--help` prints the help, anything wrong prints why and the help.
 */
import { parseArgs } from 'node:util';

type Options = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** The folder and the option values, or the exit code when the command should stop here. */
export function parseFolderArgs(
  help: string,
  options: Options = {},
): { dir: string; values: Record<string, string | boolean | undefined> } | number {
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    }) as typeof parsed;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${help}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  const [dir, ...extra] = parsed.positionals;
  if (!dir || extra.length > 0) {
    process.stderr.write(`Give exactly one backup folder.\n\n${help}\n`);
    return 2;
  }
  return { dir, values: parsed.values };
}
