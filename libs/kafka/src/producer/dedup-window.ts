/** Bounds of a DedupWindow. */
export interface DedupWindowOptions {
  /** How long a published event is remembered after Kafka confirmed it. 0 turns deduplication off. */
  ttlMs: number;
  /** Most events remembered; the oldest are forgotten first. */
  maxEntries: number;
}

/** What the window knows of an event identity. */
export type DedupClaim<R> =
  | { kind: 'new'; settle(outcome: Promise<R>): void }
  | { kind: 'duplicate'; result: Promise<R> }
  | { kind: 'conflict' };

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

  private evict(): void {
    const now = this.now();
    for (const [identity, entry] of this.entries) {
      if (this.entries.size <= this.options.maxEntries && entry.expiresAt > now) break;
      if (entry.expiresAt <= now || this.entries.size > this.options.maxEntries) this.entries.delete(identity);
    }
  }
}
