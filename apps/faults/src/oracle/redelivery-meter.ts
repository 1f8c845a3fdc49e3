const DUPLICATES = 'streamline_consumer_events_duplicate_total';

/** Something with a /metrics page whose process may be replaced (restart) or killed. */
export interface Scraped {
  name: string;
  url: string;
  pid: number | undefined;
  running: boolean;
}

/**
 * Sums the idempotency guard's skipped redeliveries over every incarnation of every replica:
 * a counter lives in one process, so each (replica, pid) keeps the last value read from it.
 */
export class RedeliveryMeter {
  private readonly last = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly targets: () => Scraped[]) {}

  start(intervalMs = 1000): void {
    this.timer = setInterval(() => void this.scrapeAll(), intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  get total(): number {
    let sum = 0;
    for (const value of this.last.values()) sum += value;
    return sum;
  }

  async scrapeAll(): Promise<void> {
    await Promise.all(
      this.targets()
        .filter((t) => t.running)
        .map((t) => this.scrape(t)),
    );
  }

  async scrape(target: Scraped): Promise<void> {
    if (target.pid === undefined) return;
    const text = await fetch(`${target.url}/metrics`, { signal: AbortSignal.timeout(1500) })
      .then((r) => (r.ok ? r.text() : undefined))
      .catch(() => undefined);
    if (text === undefined) return;
    let sum = 0;
    for (const line of text.split('\n')) {
      if (line.startsWith(DUPLICATES) && (line[DUPLICATES.length] === '{' || line[DUPLICATES.length] === ' '))
        sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
    const key = `${target.name}/${target.pid}`;
    this.last.set(key, Math.max(this.last.get(key) ?? 0, sum));
  }
}
