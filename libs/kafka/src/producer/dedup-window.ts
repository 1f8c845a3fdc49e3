/** Bounds of a DedupWindow. */
export interface DedupWindowOptions {
  /** How long a published event is remembered after Kafka confirmed it. 0 turns deduplication off. */
  ttlMs: number;
  /** Most events remembered; the oldest are forgotten first. */
  maxEntries: number;
}

/** What the window knows of an event identity. */
export type DedupClaim<R> = { kind: 'new'; settle(outcome: Promise<R>): void } | { kind: 'duplicate'; result: Promise<R> } | { kind: 'conflict' };

interface Entry<R> {
  fingerprint: string;
  result: Promise<R>;
  expiresAt: number;
}

/**
 * Remembers recently published events by identity (CloudEvents: `source` + `id`), so a client
 * that retries after a timeout gets the first publication's result instead of a second record.
 * An entry exists from the moment the event is handed to Kafka: a retry while the first attempt
 * is still in flight joins it. A failed publication is forgotten, so its retry publishes anew.
 * The same identity with different content is a conflict. In-memory and per process: see the
 * README for what that does not cover.
 */
export class DedupWindow<R> {
  private readonly entries = new Map<string, Entry<R>>();
  private insertsSinceSweep = 0;

  constructor(
    private readonly options: DedupWindowOptions,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.options.ttlMs > 0 && this.options.maxEntries > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  claim(identity: string, fingerprint: string): DedupClaim<R> {
    if (!this.enabled) return { kind: 'new', settle: () => undefined };
    const existing = this.entries.get(identity);
    if (existing && existing.expiresAt > this.now()) {
      return existing.fingerprint === fingerprint ? { kind: 'duplicate', result: existing.result } : { kind: 'conflict' };
    }
    if (existing) this.entries.delete(identity);
    return {
      kind: 'new',
      settle: (outcome) => {
        const entry: Entry<R> = { fingerprint, result: outcome, expiresAt: Number.POSITIVE_INFINITY };
        this.entries.set(identity, entry);
        this.evict();
        outcome.then(
          () => (entry.expiresAt = this.now() + this.options.ttlMs),
          () => {
            if (this.entries.get(identity) === entry) this.entries.delete(identity);
          },
        );
      },
    };
  }

  /**
   * Forgets expired and surplus identities, oldest first, in batches: over the bound it forgets
   * down to 1/64 below it, and it looks for expired ones every 1,024 inserts. A Map walked from
   * its start passes over every deleted slot not yet compacted, so forgetting one entry per
   * insert made each publish cost grow with the window (31 % of a producer's CPU at 100,000).
   */
  private evict(): void {
    const { maxEntries } = this.options;
    const over = this.entries.size > maxEntries;
    if (!over && ++this.insertsSinceSweep < SWEEP_EVERY) return;
    this.insertsSinceSweep = 0;
    const keep = over ? maxEntries - Math.floor(maxEntries / 64) : maxEntries;
    const now = this.now();
    for (const [identity, entry] of this.entries) {
      if (this.entries.size <= keep && entry.expiresAt > now) break;
      this.entries.delete(identity);
    }
  }
}

/** Inserts between two looks for expired identities. */
const SWEEP_EVERY = 1024;
