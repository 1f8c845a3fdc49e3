import { ConsumerClient } from '../client/consumer-client';
import { ConsumerMetrics } from './consumer.metrics';
import { Slot } from './partition-slot';

/** Logging of the committer: a failed commit is retried by the next one, so it is a warning. */
export interface CommitLog {
  warn(message: string): void;
}

/**
 * Commits each partition's settled prefix: at most `intervalMs` after a record settles, at once
 * when asked, and one commit at a time (a later commit never overtakes an earlier one, so a
 * partition's committed offset only moves forward). A slot commits only in the generation it
 * belongs to: a member cut off from its group that rejoined must not commit the stale offsets of
 * partitions that moved on without it.
 */
export class OffsetCommitter {
  private timer?: NodeJS.Timeout;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    protected readonly client: ConsumerClient,
    private readonly metrics: ConsumerMetrics,
    private readonly intervalMs: number,
    protected readonly logger: CommitLog,
    /** The slots whose offsets a periodic commit covers. */
    private readonly slots: () => Iterable<Slot>,
    /** This member's current assignment generation. */
    private readonly generation: () => number,
  ) {}

  /** A record settled: commit within the interval unless a commit is already scheduled. */
  schedule(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.commitNow();
    }, this.intervalMs);
  }

  /** The member has a new assignment (and generation): what settled is committed under it. */
  onAssigned(): void {
    void this.commitNow();
  }

  /** Commits every slot's settled prefix; failures are logged and left to the next commit. */
  commitNow(): Promise<void> {
    this.chain = this.chain
      .then(() => this.commit([...this.slots()]))
      .catch((error) => {
        this.logger.warn(`offset commit failed (it is retried with the next one): ${error instanceof Error ? error.message : error}`);
      });
    return this.chain;
  }

  /**
   * Commits every slot's settled prefix with a request sent now, not behind a commit in flight:
   * when a rebalance starts, kafkajs first looks up the coordinator, then rejoins, and a commit
   * that reaches the broker after the group moved to its next generation is refused, which
   * leaves what settled since the last commit to be handled again by the partitions' next owners.
   * The request goes out on the coordinator's connection after any commit already sent, with
   * offsets at least as far, so a partition's committed offset still only moves forward.
   */
  commitAtOnce(): Promise<void> {
    return this.commit([...this.slots()]).catch((error) => {
      this.logger.warn(
        `offset commit at the start of a rebalance failed (what settled since the last commit is read again by the next owner): ${error instanceof Error ? error.message : error}`,
      );
    });
  }

  /** Commits the given slots' settled prefixes now; rejects when the commit fails. */
  async commit(slots: Slot[]): Promise<void> {
    const offsets = slots.flatMap((slot) => {
      if (slot.generation !== this.generation()) return [];
      const offset = slot.worker.offsets.committable();
      return offset === undefined ? [] : [{ slot, offset }];
    });
    if (offsets.length === 0) return;
    await this.write(offsets);
    for (const { slot, offset } of offsets) {
      slot.worker.offsets.markCommitted(offset);
      slot.committed = BigInt(offset);
      this.updateLag(slot);
    }
  }

  /** Commits the offsets (each the next record to read of its slot); rejects when the commit fails. */
  protected async write(offsets: { slot: Slot; offset: string }[]): Promise<void> {
    await this.client.commit(offsets.map(({ slot, offset }) => ({ topic: slot.topic, partition: slot.partition, offset })));
  }

  /** The lag metric of a partition: records from its committed offset (or its oldest unsettled one) to the high watermark. */
  updateLag(slot: Slot): void {
    const from = slot.committed ?? slot.fetchedTo - BigInt(slot.worker.size);
    const lag = slot.highWatermark > from ? Number(slot.highWatermark - from) : 0;
    this.metrics.lag.set({ topic: slot.topic, partition: String(slot.partition) }, lag);
  }

  /** No more scheduled commits; what settled is committed by one last `commitNow`. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
