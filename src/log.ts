import { type Logger, pino } from 'pino';

export type { Logger };

export interface LoggerOptions {
  level: string;
  /** json for machines; pretty for people at a terminal (the default on a TTY). */
  format?: 'json' | 'pretty' | undefined;
  name?: string;
  /** Where lines go: the service logs to stdout; commands keep stdout for their output. */
  destination?: 'stdout' | 'stderr';
}

export function createLogger(options: LoggerOptions): Logger {
  const fd = options.destination === 'stderr' ? 2 : 1;
  const stream = fd === 2 ? process.stderr : process.stdout;
  const pretty = options.format ? options.format === 'pretty' : stream.isTTY === true;
  const base = { level: options.level, name: options.name ?? 'press-search' };
  if (!pretty) return pino(base, pino.destination({ dest: fd, sync: true }));
  return pino({
    ...base,
    transport: {
      target: 'pino-pretty',
      options: {
        destination: fd,
        colorize: true,
        translateTime: 'SYS:HH:MM:ss',
        ignore: 'pid,hostname',
      },
    },
  });
}

/** A logger that drops everything: for library code used in tests. */
export const silentLogger: Logger = pino({ level: 'silent' });

/**
 * Problems that repeat (the same bad field on every line of a file): the
 * first of each code is logged in full with its fix, the rest are counted,
 * and `summarize` says in one line per code how many more there were.
 */
export class ProblemLog {
  private readonly counts = new Map<string, { count: number; first: Record<string, unknown> }>();

  constructor(
    private readonly logger: Logger,
    /** What to do about a code, appended to its first line ("fix: …"). */
    private readonly fixes: Record<string, string> = {},
  ) {}

  report(code: string, fields: Record<string, unknown>, message: string): void {
    const seen = this.counts.get(code);
    if (seen) {
      seen.count++;
      return;
    }
    this.counts.set(code, { count: 1, first: fields });
    const fix = this.fixes[code];
    this.logger.warn(
      { ...fields, code, ...(fix ? { fix } : {}) },
      `${message}${fix ? ` (fix: ${fix})` : ''}; further ${code} problems are counted, not logged`,
    );
  }

  get total(): number {
    let total = 0;
    for (const { count } of this.counts.values()) total += count;
    return total;
  }

  /** One line per code seen more than once; returns the counts by code. */
  summarize(context: Record<string, unknown>, what = 'problems'): Record<string, number> {
    const byCode: Record<string, number> = {};
    for (const [code, { count, first }] of this.counts) {
      byCode[code] = count;
      if (count > 1)
        this.logger.warn(
          { ...context, code, count, first },
          `${count} ${what} with ${code} in all (the first is logged above)`,
        );
    }
    return byCode;
  }
}
