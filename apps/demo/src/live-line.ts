/**
 * The demo's output: `[demo]` messages and a live line of counts. On a terminal the live line is
 * redrawn in place, and a message first clears it, so a message never shares its line; elsewhere
 * (a pipe, a log file) every state of the live line is a line of its own.
 */
export class LiveLine {
  private drawn = false;

  constructor(private readonly out: NodeJS.WriteStream = process.stdout) {}

  say(message: string): void {
    if (this.drawn) this.out.write('\r\x1b[K');
    this.drawn = false;
    this.out.write(`[demo] ${message}\n`);
  }

  /** Shows `text` as the live line; `final` ends it, so what follows starts on a line of its own. */
  show(text: string, final = false): void {
    if (!this.out.isTTY) {
      this.out.write(`${text}\n`);
      return;
    }
    this.out.write(`\r${text}\x1b[K${final ? '\n' : ''}`);
    this.drawn = !final;
  }
}
