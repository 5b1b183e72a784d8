/**
 * Progress on standard error: one line redrawn in place at a terminal, a
 * plain line every few seconds otherwise (CI logs, pipes).
 */
export class ProgressLine {
  private last = 0;
  private readonly tty = process.stderr.isTTY === true;

  constructor(private readonly intervalMs = 2000) {}

  update(text: string, force = false): void {
    const now = Date.now();
    if (this.tty) {
      process.stderr.write(`\r\u001b[2K${text}`);
    } else if (force || now - this.last >= this.intervalMs) {
      process.stderr.write(`${text}\n`);
      this.last = now;
    }
  }

  /** Leaves the last line in place and moves to a new one. */
  done(text: string): void {
    if (this.tty) process.stderr.write(`\r\u001b[2K${text}\n`);
    else process.stderr.write(`${text}\n`);
  }
}
