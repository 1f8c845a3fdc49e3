import { StepProgress } from './load-step';

const n = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 0 });
const ms = (v: number | undefined) => (v === undefined ? '–' : `${v.toFixed(1)} ms`);

/** `step 1/3  12.0 s  rate 1,998/s of 2,000/s  sent 24,000  acked 23,990  handled 23,950  errors 0  p99 ack 4.1 ms  e2e 7.9 ms` */
export function progressText(p: StepProgress, step: number, steps: number): string {
  return [
    steps > 1 ? `step ${step + 1}/${steps}` : '',
    `${p.elapsedS.toFixed(1)} s`,
    `rate ${n(p.sentLastSecond)}/s of ${n(p.rate)}/s`,
    `sent ${n(p.sent)}/${n(p.planned)}`,
    `acked ${n(p.acked)}`,
    p.handled === undefined ? '' : `handled ${n(p.handled)}`,
    `errors ${n(p.errors)}`,
    `p99 ack ${ms(p.ackP99Ms)}`,
    p.handled === undefined ? '' : `e2e ${ms(p.endToEndP99Ms)}`,
  ]
    .filter(Boolean)
    .join('  ');
}

/**
 * Shows progress on stderr: one line rewritten in place on a terminal; elsewhere (CI logs) a
 * plain line every `plainEverySeconds`.
 */
export class ProgressLine {
  private lastPlain = 0;

  constructor(
    private readonly interactive: boolean,
    private readonly plainEverySeconds = 5,
  ) {}

  update(text: string, elapsedS: number): void {
    if (this.interactive) process.stderr.write(`\r\x1b[2K${text}`);
    else if (elapsedS - this.lastPlain >= this.plainEverySeconds) {
      this.lastPlain = elapsedS;
      process.stderr.write(`${text}\n`);
    }
  }

  /** Ends the in-place line so the next output starts on a line of its own. */
  done(): void {
    if (this.interactive) process.stderr.write('\n');
    this.lastPlain = 0;
  }
}
