/** Paces work to a steady rate: `take(n)` resolves once n more units fit into rate × elapsed time. */
export class RateLimiter {
  private readonly started = Date.now();
  private taken = 0;

  constructor(private readonly perSecond: number) {}

  async take(units: number, signal?: AbortSignal): Promise<void> {
    this.taken += units;
    const due = this.started + (this.taken / this.perSecond) * 1000;
    const wait = due - Date.now();
    if (wait <= 0 || signal?.aborted) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, wait);
      signal?.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
    });
  }
}
