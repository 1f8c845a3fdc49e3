import { Admin, Kafka, logLevel } from 'kafkajs';

/** A committed offset that went backwards: someone committed for a partition behind its owner. */
export interface OffsetRegression {
  partition: number;
  from: number;
  to: number;
  at: number;
  /** Who held the partition when the regression was seen, as the scenario names members. */
  heldBy?: string;
}

/**
 * Polls the group's committed offsets (Kafka's, asked directly) and records every one that moves
 * backwards. A zombie member that committed the offsets of partitions it had lost would move
 * them back to where it stopped reading, behind the member that owns them now.
 */
export class CommittedOffsetWatch {
  readonly regressions: OffsetRegression[] = [];
  private readonly last = new Map<number, number>();
  private readonly admin: Admin;
  private timer?: NodeJS.Timeout;
  private polling = false;

  /** `holderOf` names the member holding a partition now (asked only when a regression is seen). */
  constructor(
    bootstrap: string,
    private readonly group: string,
    private readonly topic: string,
    private readonly holderOf: (partition: number) => Promise<string | undefined> = async () => undefined,
  ) {
    this.admin = new Kafka({ brokers: bootstrap.split(','), clientId: 'faults-offset-watch', logLevel: logLevel.NOTHING }).admin();
  }

  async start(intervalMs = 500): Promise<void> {
    await this.admin.connect();
    this.timer = setInterval(() => void this.poll(), intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.poll();
    await this.admin.disconnect().catch(() => undefined);
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const [committed] = await this.admin.fetchOffsets({ groupId: this.group, topics: [this.topic] });
      for (const { partition, offset } of committed?.partitions ?? []) {
        const value = Number(offset);
        if (value < 0) continue;
        const before = this.last.get(partition);
        if (before !== undefined && value < before) {
          this.regressions.push({ partition, from: before, to: value, at: Date.now(), heldBy: await this.holderOf(partition) });
        }
        this.last.set(partition, value);
      }
    } catch {
      // The brokers are the one side never cut off here; a failed poll is retried on the next tick.
    } finally {
      this.polling = false;
    }
  }
}
