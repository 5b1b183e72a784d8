import { type Logger, pino } from 'pino';

export type { Logger };

export interface LoggerOptions {
  level: string;
  /** json for machines; pretty for people at a terminal (the default on a TTY). */
  format?: 'json' | 'pretty' | undefined;
  name?: string;
}

export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.format ? options.format === 'pretty' : process.stdout.isTTY === true;
  return pino({
    level: options.level,
    name: options.name ?? 'press-search',
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' },
          },
        }
      : {}),
  });
}

/** A logger that drops everything: for library code used in tests. */
export const silentLogger: Logger = pino({ level: 'silent' });
