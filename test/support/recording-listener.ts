import { ConsumerClientListener, FetchedBatch, TopicPartitions } from '../../libs/kafka/src/client/consumer-client';

/** What a recording listener hands back for a batch: how many of its records it takes (default: all). */
export type TakePolicy = (batch: FetchedBatch) => number;

/**
 * A ConsumerClientListener that keeps everything it hears, for client specs: the batches in
 * arrival order, the records it took, the assignments and rebalances.
 */
export class RecordingListener implements ConsumerClientListener {
  readonly batches: FetchedBatch[] = [];
  /** Records taken, as `topic/partition/offset` → value. */
  readonly taken = new Map<string, string>();
  readonly assignments: TopicPartitions[][] = [];
  readonly events: string[] = [];
  readonly crashes: Error[] = [];
  take: TakePolicy = (batch) => batch.records.length;

  async onBatch(batch: FetchedBatch): Promise<string | undefined> {
    this.batches.push(batch);
    const count = Math.min(this.take(batch), batch.records.length);
    for (const r of batch.records.slice(0, count)) this.taken.set(`${batch.topic}/${batch.partition}/${r.offset}`, r.value?.toString() ?? '');
    return count > 0 ? batch.records[count - 1].offset : undefined;
  }

  onRebalancing(): void {
    this.events.push('rebalancing');
  }

  onAssigned(assignment: TopicPartitions[]): void {
    this.events.push('assigned');
    this.assignments.push(assignment);
  }

  onCrash(error: Error): void {
    this.crashes.push(error);
  }

  /** The last assignment, as sorted partition numbers per topic. */
  partitionsOf(topic: string): number[] {
    const last = this.assignments[this.assignments.length - 1] ?? [];
    return [...(last.find((a) => a.topic === topic)?.partitions ?? [])].sort((a, b) => a - b);
  }

  /** Offsets of the records of `topic/partition` in the batches heard, in arrival order. */
  offsetsOf(topic: string, partition: number): string[] {
    return this.batches.filter((b) => b.topic === topic && b.partition === partition).flatMap((b) => b.records.map((r) => r.offset));
  }
}
