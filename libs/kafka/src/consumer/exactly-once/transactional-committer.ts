import { ClusterAdmin } from '../../client/cluster-admin';
import { ConsumerClient, FetchedBatch } from '../../client/consumer-client';
import { GroupMember, TransactionalSender } from '../../client/transactional-sender';
import { ConsumerMetrics } from '../consumer.metrics';
import { CommitLog, OffsetCommitter } from '../offset-committer';
import { Slot } from '../partition-slot';
import { EmittedEvents, EmittedRecord } from './emitted-events';

/** What the committer writes its transactions with. */
export interface Transactions {
  groupId: string;
  sender: TransactionalSender;
  events: EmittedEvents;
  /** Reads the group's committed offsets once no transaction in flight is pending on them. */
  admin: ClusterAdmin;
}

/**
 * Exactly-once consume-transform-produce: each commit is one Kafka transaction holding the
 * events emitted by the records it commits past, and those offsets. An emitted event leaves
 * only with the offset that ends its record's reprocessing, so after any crash either both are
 * visible to read_committed readers or neither is, and the record runs again. Events of records
 * beyond a partition's settled prefix wait for a later transaction. A failed transaction is
 * aborted and its events kept for the next one.
 */
export class TransactionalCommitter extends OffsetCommitter {
  constructor(
    client: ConsumerClient,
    metrics: ConsumerMetrics,
    intervalMs: number,
    logger: CommitLog,
    slots: () => Iterable<Slot>,
    generation: () => number,
    private readonly transactions: Transactions,
  ) {
    super(client, metrics, intervalMs, logger, slots, generation);
  }

  /**
   * The member as the coordinator knew it when this assignment began. Every transaction of the
   * assignment carries it (KIP-447): once the group has moved to a later generation, the
   * coordinator refuses the offsets, and the transaction aborts instead of committing events
   * for partitions that now belong to another member.
   */
  private member?: GroupMember;

  /** The assignment's member and generation, at the coordinator the client knows now (it may have moved since). */
  private memberNow(): GroupMember | undefined {
    return this.member && { ...this.member, coordinatorId: this.client.member()?.coordinatorId ?? this.member.coordinatorId };
  }

  override onAssigned(): void {
    this.member = this.client.member();
    super.onAssigned();
  }

  /** A transaction at a time: the one at the start of a rebalance queues behind the one in flight. */
  override commitAtOnce(): Promise<void> {
    return this.commitNow();
  }

  protected override async write(offsets: { slot: Slot; offset: string }[]): Promise<void> {
    const taken: { slot: Slot; offset: number }[] = [];
    const emitted: EmittedRecord[] = [];
    for (const { slot, offset } of offsets) {
      for (const [at, records] of slot.emitted ?? []) {
        if (at >= Number(offset)) continue;
        taken.push({ slot, offset: at });
        emitted.push(...records);
      }
    }
    const records = await this.transactions.events.place(emitted);
    const consumed = offsets.map(({ slot, offset }) => ({ topic: slot.topic, partition: slot.partition, offset }));
    try {
      await this.transactions.sender.commit(records, { groupId: this.transactions.groupId, offsets: consumed, member: this.memberNow() });
    } catch (error) {
      if (!(await this.wentThrough(consumed))) throw error;
      this.logger.warn(
        `the answer to a transaction was lost, but it committed (its offsets are the group's): ${error instanceof Error ? error.message : error}`,
      );
    }
    for (const { slot, offset } of taken) slot.emitted?.delete(offset);
  }

  /**
   * Whether a transaction whose answer failed committed after all (a request that timed out, a
   * coordinator that moved): its offsets and records commit together, so it did if the group's
   * offsets are the ones it carried. Sending the same records again would write them twice.
   */
  private async wentThrough(consumed: { topic: string; partition: number; offset: string }[]): Promise<boolean> {
    try {
      // Connecting again (a new producer for the same transactional id) settles what the old one left open.
      await this.transactions.sender.connect();
      for (const topic of new Set(consumed.map((c) => c.topic))) {
        const mine = consumed.filter((c) => c.topic === topic);
        const committed = await this.transactions.admin.stableGroupOffsets(
          this.transactions.groupId,
          topic,
          mine.map((c) => c.partition),
        );
        if (mine.some((c) => BigInt(committed.get(c.partition) ?? -1) < BigInt(c.offset))) return false;
      }
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * The first batch of a partition this member was just given, without the records the group's
 * committed offset has passed once transactions in flight are decided: the client read the
 * offset before the partition's previous owner committed its last transaction, and handling
 * them again would emit their events twice.
 */
export async function afterStableOffset(batch: FetchedBatch, transactions: Transactions): Promise<FetchedBatch> {
  const committed = (await transactions.admin.stableGroupOffsets(transactions.groupId, batch.topic, [batch.partition])).get(batch.partition) ?? '-1';
  return { ...batch, records: batch.records.filter((r) => BigInt(r.offset) >= BigInt(committed)) };
}
