import { KeyOrderCheck } from '../support/key-order';
import { sleep } from './contender';

/** What every consumer contender does per record: count it, check its key's order, await the simulated I/O. */
export class HandledCounter {
  handled = 0;
  firstAt = 0;
  lastAt = 0;
  readonly order = new KeyOrderCheck();

  /** I/O-bound runs check per-key order; no-op runs only count. */
  readonly checksOrder: boolean;

  constructor(private readonly delayMs: number) {
    this.checksOrder = delayMs > 0;
  }

  /** For handlers that see each record: `seq` is undefined when order is not checked (no-op runs). */
  async handle(key: string, seq: number | undefined): Promise<void> {
    if (this.handled === 0) this.firstAt = performance.now();
    if (this.delayMs > 0) await sleep(this.delayMs);
    if (seq !== undefined) this.order.see(key, seq);
    this.handled += 1;
    this.lastAt = performance.now();
  }

  /** For batch handlers that count without looking. */
  handleMany(count: number): void {
    if (this.handled === 0) this.firstAt = performance.now();
    this.handled += count;
    this.lastAt = performance.now();
  }
}
