import { TopicPartitions } from '../client/consumer-client';
import { PartitionWorker } from './partition-worker';
import { EmittedRecord } from './exactly-once/emitted-events';
import { ConsumedRecord, TopicRole } from './record-processor';

/** One assigned partition in the engine: its worker and what the last fetches told about it. */
export interface Slot {
  topic: string;
  partition: number;
  role: TopicRole;
  worker: PartitionWorker<ConsumedRecord>;
  highWatermark: bigint;
  /** Offset after the last record fetched. */
  fetchedTo: bigint;
  /** Epoch ms of the last batch. */
  lastBatchAt: number;
  committed?: bigint;
  /** The engine's assignment count when this partition was (last) assigned to it; it commits only in that one. */
  generation: number;
  /** Kept across a rebalance: its next batch may repeat offsets it already took. */
  kept?: boolean;
  /**
   * Exactly-once: the events emitted by each handled record (by offset), waiting for the
   * transaction that commits an offset past it.
   */
  emitted?: Map<number, readonly EmittedRecord[]>;
}

/**
 * Records beyond what was fetched, as the last batch told. Trusted for a short while only: a
 * log end that no fetch reaches (transaction markers) must not hold lower lanes for ever.
 */
export function hasBacklog(slot: Slot): boolean {
  return slot.highWatermark > slot.fetchedTo && Date.now() - slot.lastBatchAt < BACKLOG_TRUST_MS;
}

const BACKLOG_TRUST_MS = 3000;

export function slotId(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

export function groupSlots(ids: string[]): TopicPartitions[] {
  const byTopic = new Map<string, number[]>();
  for (const id of ids) {
    const [topic, partition] = id.split('\u0000');
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), Number(partition)]);
  }
  return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
}
