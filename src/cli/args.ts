/**
 * Arguments of every command: `--help` (`-h`) prints the help and stops with
 * 0; an unknown option, a missing value or a stray argument prints why and
 * the help on stderr and stops with 2.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O & typeof HELP_OPTION; allowPositionals: true }>
>;

/** The values and positionals, or the exit code when the command stops here. */
export function parseCommandArgs<const O extends Options>(
  help: string,
  options: O,
  { positionals = false }: { positionals?: boolean } = {},
): Parsed<O> | number {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({
      options: { ...options, ...HELP_OPTION },
      allowPositionals: true,
    }) as Parsed<O>;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${help}\n`);
    return 2;
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  const [stray] = parsed.positionals;
  if (!positionals && stray !== undefined) {
    process.stderr.write(`Unexpected argument "${stray}"\n\n${help}\n`);
    return 2;
  }
  return parsed;
}
