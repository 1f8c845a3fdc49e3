import { MultiBar, Presets, SingleBar } from 'cli-progress';

/** How long plain progress lines wait between two reports. */
const PLAIN_INTERVAL_MS = 5000;

/**
 * Progress of long work. On a terminal: a bar with counts, rate and time left, drawn on stderr
 * (or on stdout with result lines printed above it, when stdout is that terminal). Elsewhere, or
 * with --json: a plain line every few seconds on stderr, so logs stay readable.
 */
export class Progress {
  private readonly multi?: MultiBar;
  private readonly bar?: SingleBar;
  private count = 0;
  private lastPlain = Date.now();
  private readonly started = Date.now();

  constructor(
    private readonly label: string,
    private total: number,
    options: { json?: boolean; unit?: string } = {},
  ) {
    const stdoutTty = process.stdout.isTTY === true;
    const stderrTty = process.stderr.isTTY === true;
    if (!options.json && stderrTty) {
      this.multi = new MultiBar(
        {
          stream: stdoutTty ? process.stdout : process.stderr,
          format: `${label} [{bar}] {value}/{total} ${options.unit ?? 'records'} | {rate}/s | ETA {eta_formatted}`,
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 50,
        },
        Presets.shades_classic,
      );
      this.bar = this.multi.create(Math.max(total, 1), 0, { rate: '0' });
    }
  }

  /** Counts done work. */
  increment(by = 1): void {
    this.count += by;
    const elapsed = Math.max((Date.now() - this.started) / 1000, 0.001);
    const rate = (this.count / elapsed).toFixed(0);
    if (this.bar) {
      if (this.count > this.total) this.setTotal(this.count);
      this.bar.update(this.count, { rate });
    } else if (Date.now() - this.lastPlain >= PLAIN_INTERVAL_MS) {
      this.lastPlain = Date.now();
      process.stderr.write(`${this.label}: ${this.count}/${this.total} (${rate}/s)\n`);
    }
  }

  setTotal(total: number): void {
    this.total = total;
    this.bar?.setTotal(Math.max(total, 1));
  }

  /** Prints a result line on stdout without breaking the bar. */
  log(line: string): void {
    if (this.multi && process.stdout.isTTY) this.multi.log(`${line}\n`);
    else process.stdout.write(`${line}\n`);
  }

  stop(): void {
    this.multi?.stop();
  }
}
