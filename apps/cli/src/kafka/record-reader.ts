import { randomBytes } from 'node:crypto';
import { ConsumerClient, FetchedBatch } from '@streamline/kafka';
import { KafkaHeaders } from '@streamline/schemas';
import { KafkaConnection } from './kafka-connection';

/** A record as read, with its position. */
export interface ReadRecord {
  topic: string;
  partition: number;
  offset: string;
  /** Record timestamp, ms since the epoch, as Kafka keeps it. */
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: KafkaHeaders;
}

/** What a batch handler may do besides reading: commit the reading group's progress. */
export interface BatchContext {
  partition: number;
  commit(nextOffset: bigint, metadata?: string): Promise<void>;
}

/** Where and how far to read one topic. */
export interface ReadPlan {
  topic: string;
  /** First offset to read per partition; every partition of the topic must be listed. */
  start: Map<number, bigint>;
  /** Offset to stop before, per partition; when absent the reader follows new records until stopped. */
  end?: Map<number, bigint>;
  /** Group to read in (its commits are the caller's); default: a throwaway group, deleted afterwards. */
  groupId?: string;
  signal?: AbortSignal;
  /**
   * Called with each partition's records in offset order. Returns how many of them it consumed
   * (default: all) and whether the whole read should stop.
   */
  onBatch(records: ReadRecord[], context: BatchContext): Promise<BatchVerdict | void>;
}

/** What a batch handler did: records consumed (from the first), and whether to stop reading. */
export interface BatchVerdict {
  consumed?: number;
  stop?: boolean;
}

/** How a read ended, and the next offset per partition it had reached. */
export interface ReadOutcome {
  endedBy: 'end' | 'stop' | 'signal';
  reached: Map<number, bigint>;
}

/**
 * Reads a window of a topic with a consumer positioned by seek, one partition's batch at a time,
 * in offset order. The reader is the only member of a group (the same on every client, some of
 * which have no manual assignment): a throwaway one that never commits (and is deleted at the
 * end), or the caller's own.
 */
export async function readTopic(connection: KafkaConnection, plan: ReadPlan): Promise<ReadOutcome> {
  const throwaway = plan.groupId === undefined;
  const groupId = plan.groupId ?? `streamline-cli-${randomBytes(6).toString('hex')}`;
  const reached = new Map(plan.start);
  const done = (partition: number) => plan.end !== undefined && reached.get(partition)! >= (plan.end.get(partition) ?? 0n);
  const allDone = () => [...reached.keys()].every(done);
  if (plan.end && allDone()) return { endedBy: 'end', reached };

  const consumer: ConsumerClient = connection.consumer({ groupId, partitionsConsumedConcurrently: 1, maxWaitTimeMs: 500, sessionTimeoutMs: 30_000 });
  let finish!: (endedBy: ReadOutcome['endedBy']) => void;
  let fail!: (error: unknown) => void;
  const finished = new Promise<ReadOutcome['endedBy']>((resolve, reject) => ((finish = resolve), (fail = reject)));
  const onAbort = () => finish('signal');
  plan.signal?.addEventListener('abort', onAbort, { once: true });

  /** Hands a partition's records in the window over; resolves with the last offset it took (read on from the next). */
  const onBatch = async (batch: FetchedBatch): Promise<string | undefined> => {
    if (plan.signal?.aborted) return undefined;
    const partition = batch.partition;
    const from = plan.start.get(partition) ?? 0n;
    const to = plan.end?.get(partition);
    const records = batch.records
      .filter((m) => BigInt(m.offset) >= from && (to === undefined || BigInt(m.offset) < to))
      .map((m) => ({ topic: batch.topic, partition, offset: m.offset, timestamp: m.timestamp, key: m.key, value: m.value, headers: m.headers }));
    if (records.length === 0 && (to === undefined || done(partition))) return batch.lastOffset;
    const context: BatchContext = {
      partition,
      commit: (next, metadata) => consumer.commit([{ topic: plan.topic, partition, offset: next.toString(), metadata: metadata ?? null }]),
    };
    const verdict = (records.length > 0 ? await plan.onBatch(records, context) : undefined) ?? {};
    const consumed = verdict.consumed ?? records.length;
    const whole = consumed >= records.length;
    const last = consumed > 0 ? BigInt(records[consumed - 1].offset) + 1n : from;
    // A fully consumed batch moves the position past filtered-out records too.
    const end = BigInt(batch.lastOffset) + 1n;
    const next = whole ? (to !== undefined && end > to ? to : end) : last;
    if (next > (reached.get(partition) ?? 0n)) reached.set(partition, next);
    if (verdict.stop) finish('stop');
    else if (plan.end && allDone()) finish('end');
    if (whole) return batch.lastOffset;
    return consumed > 0 ? records[consumed - 1].offset : undefined;
  };

  try {
    await connection.bounded(consumer.connect(), 'connecting a consumer');
    await consumer.subscribe([plan.topic], true);
    await consumer.run({
      onBatch,
      onRebalancing: () => undefined,
      onAssigned: () => undefined,
      onCrash: (error) => fail(error),
      // Batches of only control records or aborted transactions hand over no records.
      onEmptyBatch: (topic, partition, lastOffset) => {
        const next = BigInt(lastOffset) + 1n;
        if (topic === plan.topic && next > (reached.get(partition) ?? 0n)) reached.set(partition, next);
        if (plan.end && allDone()) finish('end');
      },
    });
    for (const [partition, offset] of plan.start) consumer.seek(plan.topic, partition, offset.toString());
    const endedBy = await finished;
    return { endedBy, reached };
  } finally {
    plan.signal?.removeEventListener('abort', onAbort);
    await consumer.disconnect().catch(() => undefined);
    if (throwaway)
      await connection
        .admin()
        .then((admin) => admin.deleteGroups([groupId]))
        .catch(() => undefined);
  }
}
