/** What the gate asks to learn whether the database answers again. */
export interface Pingable {
  query(sql: string): Promise<unknown>;
}

/** Logging of the gate: one line when the database goes away, one when it is back. */
export interface GateLog {
  warn(message: string): void;
  log(message: string): void;
}

/** Settings of a DatabaseGate. */
export interface DatabaseGateOptions {
  /** First pause between pings; doubles up to `maxProbeIntervalMs`. */
  probeIntervalMs?: number;
  maxProbeIntervalMs?: number;
  now?: () => number;
}

/**
 * Open while the consumer's database answers. An event whose handler failed because the database
 * was unreachable is not the event's fault: it waits at the gate and runs again once the database
 * answers, instead of using up its retry tiers and ending in dead letters during an outage. While
 * closed, the gate pings the database with growing pauses; readiness reports it down.
 */
export class DatabaseGate {
  private outage?: { since: number; reason: string; opened: Promise<void>; open: () => void };
  private stopped = false;
  private readonly now: () => number;

  constructor(
    private readonly db: Pingable,
    private readonly log: GateLog,
    private readonly options: DatabaseGateOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** True while the database answers (as far as the last query knew). */
  get available(): boolean {
    return this.outage === undefined;
  }

  /** Why the database counts as unreachable, and since when; undefined while it answers. */
  get down(): { since: Date; reason: string } | undefined {
    return this.outage && { since: new Date(this.outage.since), reason: this.outage.reason };
  }

  /** Resolves at once while the database answers, else when it answers again (or the gate stops). */
  whenOpen(): Promise<void> {
    return this.outage?.opened ?? OPEN;
  }

  /** A query failed because the database is unreachable: close the gate and start pinging. */
  reportDown(error: unknown): void {
    if (this.outage || this.stopped) return;
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const reason = error instanceof Error ? error.message : String(error);
    this.outage = { since: this.now(), reason, opened, open };
    this.log.warn(`database unreachable (${reason}); holding events until it answers`);
    void this.probe();
  }

  /** Stops pinging and lets every waiter go (on shutdown). */
  stop(): void {
    this.stopped = true;
    this.outage?.open();
  }

  private async probe(): Promise<void> {
    let pause = this.options.probeIntervalMs ?? 500;
    const maxPause = this.options.maxProbeIntervalMs ?? 5000;
    while (this.outage && !this.stopped) {
      await new Promise((resolve) => setTimeout(resolve, pause).unref());
      try {
        await this.db.query('SELECT 1');
      } catch {
        pause = Math.min(maxPause, pause * 2);
        continue;
      }
      if (!this.outage) return;
      const { since, open } = this.outage;
      this.outage = undefined;
      this.log.log(`database answers again after ${((this.now() - since) / 1000).toFixed(1)} s; running the held events`);
      open();
    }
  }
}

const OPEN = Promise.resolve();
