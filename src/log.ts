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
