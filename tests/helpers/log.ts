import { Writable } from 'node:stream';
import { type Logger, pino } from 'pino';

export interface LogLine {
  level: number;
  msg: string;
  code?: string;
  source?: string;
  url?: string;
  [key: string]: unknown;
}

/** A real pino logger whose JSON lines are parsed into `lines`, for tests to read. */
export function memoryLogger(level = 'debug'): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino(
    { level },
    new Writable({
      write: (chunk, _encoding, callback) => {
        for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
        callback();
      },
    }),
  );
  return { logger, lines };
}
