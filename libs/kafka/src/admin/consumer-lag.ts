import { DrainTimeoutError } from '../errors/drain-timeout.error';
import { ClusterAdmin } from '../client/cluster-admin';

/** The two offset reads lag needs. */
export type OffsetsAdmin = Pick<ClusterAdmin, 'groupOffsets' | 'topicOffsets'>;

/** Lag of one partition for a group. */
export interface PartitionLag {
  topic: string;
  partition: number;
  /** Next offset the group will read, as committed; null when the group never committed here. */
  committed: string | null;
  /** Log start offset (oldest record still kept). */
  low: string;
  /** Log end offset (offset of the next record to be written). */
  high: string;
  /**
   * Records not yet handled: high − committed, or high − low when nothing was committed
   * (a group that starts from the earliest record has all of them ahead of it).
   */
  lag: number;
}

/** Lag of a group over some topics. */
export interface GroupLag {
  groupId: string;
  partitions: PartitionLag[];
  /** Sum of every partition's lag. */
  total: number;
}

/** Options of {@link waitUntilDrained}. */
export interface WaitUntilDrainedOptions {
  /** Give up after this long. Default: 60 s. */
  timeoutMs?: number;
  /** Time between two lag reads. Default: 250 ms. */
  intervalMs?: number;
  /** Stops waiting early (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Called with every lag read, e.g. to draw progress. */
  onLag?: (lag: GroupLag) => void;
}

/**
 * Reads a group's lag per partition. `topics` defaults to every topic the group has committed
 * offsets for.
 */
export async function fetchGroupLag(admin: OffsetsAdmin, groupId: string, topics?: string[]): Promise<GroupLag> {
  const committed = await admin.groupOffsets(groupId, topics?.length ? topics : undefined);
  const names = topics?.length ? topics : committed.map((t) => t.topic);
  const partitions: PartitionLag[] = [];
  for (const topic of names) {
    const ends = await admin.topicOffsets(topic);
    const groupOffsets = committed.find((t) => t.topic === topic)?.partitions ?? [];
    for (const end of [...ends].sort((a, b) => a.partition - b.partition)) {
      const raw = groupOffsets.find((p) => p.partition === end.partition)?.offset;
      const position = raw !== undefined && BigInt(raw) >= 0n ? BigInt(raw) : null;
      const from = position === null || position < BigInt(end.low) ? BigInt(end.low) : position;
      const lag = BigInt(end.high) > from ? Number(BigInt(end.high) - from) : 0;
      partitions.push({ topic, partition: end.partition, committed: position?.toString() ?? null, low: end.low, high: end.high, lag });
    }
  }
  return { groupId, partitions, total: partitions.reduce((sum, p) => sum + p.lag, 0) };
}

/**
 * Resolves once the group's lag over `topics` is zero: everything written before and while
 * waiting has been handled and committed (the queue's `join`). Rejects with DrainTimeoutError
 * carrying the last lag read when the bound passes.
 */
export async function waitUntilDrained(
  admin: OffsetsAdmin,
  groupId: string,
  topics: string[],
  { timeoutMs = 60_000, intervalMs = 250, signal, onLag }: WaitUntilDrainedOptions = {},
): Promise<GroupLag> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    const lag = await fetchGroupLag(admin, groupId, topics);
    onLag?.(lag);
    if (lag.total === 0) return lag;
    if (Date.now() >= deadline) throw new DrainTimeoutError(lag, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
  }
}
