import { Printer } from '../output/printer';

/** Progress lines start once the audit has run this long, and repeat as often. */
const QUIET_MS = 2000;

/** Plain progress lines on stderr every 2 s, once the audit has taken longer than that. */
export class AuditProgress {
  private readonly started = Date.now();
  private readonly timer: NodeJS.Timeout;
  private what = 'finding the topics and their end offsets';
  private read = 0n;
  private total = 0n;

  constructor(
    private readonly printer: Printer,
    private readonly group: string,
  ) {
    this.timer = setInterval(() => this.report(), QUIET_MS);
    this.timer.unref();
  }

  expect(total: bigint): void {
    this.total = total;
  }

  phase(what: string): void {
    this.what = what;
  }

  add(records: number): void {
    this.read += BigInt(records);
  }

  done(): void {
    clearInterval(this.timer);
  }

  private report(): void {
    const seconds = Math.round((Date.now() - this.started) / 1000);
    this.printer.note(`audit of ${this.group}: ${this.what}; ${this.read}/${this.total} source records read (${seconds} s)`);
  }
}
