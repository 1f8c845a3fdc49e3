import { CommandFailedError, UsageError } from '../errors/cli.errors';
import { PositionSpec } from '../shared/position-spec';
import { KafkaConnection } from './kafka-connection';
import { readTopic } from './record-reader';

/** A partition's log start (oldest kept offset) and end (next offset to be written). */
export interface PartitionBounds {
  partition: number;
  low: bigint;
  high: bigint;
}

/** A topic's partitions with their bounds; a clear error when the topic does not exist. */
export async function topicBounds(connection: KafkaConnection, topic: string): Promise<PartitionBounds[]> {
  const admin = await connection.admin();
  const topics = await admin.listTopics();
  if (!topics.includes(topic)) {
    const similar = topics.filter((t) => !t.startsWith('__') && editDistance(t, topic) <= 2).slice(0, 5);
    const hint = similar.length ? `; did you mean ${similar.join(', ')}?` : '';
    throw new CommandFailedError(`unknown topic "${topic}" on ${connection.brokers.join(',')}${hint}`);
  }
  const offsets = await admin.topicOffsets(topic);
  return offsets.map((o) => ({ partition: o.partition, low: BigInt(o.low), high: BigInt(o.high) })).sort((a, b) => a.partition - b.partition);
}

/**
 * The offset per partition a position stands for. `current` (a group's committed offsets) is
 * what a shift moves and what partitions not named in an offsets spec keep.
 * A time before the start of a log that retention already trimmed is an error naming the earliest
 * record still kept: reading from there would silently miss what was deleted.
 */
export async function resolvePositions(
  connection: KafkaConnection,
  topic: string,
  spec: PositionSpec,
  bounds: PartitionBounds[],
  current?: Map<number, bigint>,
): Promise<Map<number, bigint>> {
  const positions = new Map<number, bigint>();
  switch (spec.kind) {
    case 'earliest':
      bounds.forEach((b) => positions.set(b.partition, b.low));
      return positions;
    case 'latest':
      bounds.forEach((b) => positions.set(b.partition, b.high));
      return positions;
    case 'shift':
      bounds.forEach((b) => positions.set(b.partition, clamp((current?.get(b.partition) ?? b.high) + spec.by, b)));
      return positions;
    case 'offsets': {
      for (const partition of spec.offsets.keys()) {
        if (!bounds.some((b) => b.partition === partition)) throw new UsageError(`${topic} has no partition ${partition} (it has ${bounds.length})`);
      }
      for (const b of bounds) {
        const wanted = spec.offsets.get(b.partition);
        if (wanted !== undefined && (wanted < b.low || wanted > b.high)) {
          throw new CommandFailedError(`offset ${wanted} of ${topic}/${b.partition} is outside its log, which holds offsets ${b.low} to ${b.high} (end)`);
        }
        positions.set(b.partition, wanted ?? current?.get(b.partition) ?? b.low);
      }
      return positions;
    }
    case 'time': {
      const admin = await connection.admin();
      const byTime = await admin.offsetsAtTime(topic, spec.ms);
      byTime.forEach((o) => positions.set(o.partition, BigInt(o.offset)));
      await refuseTimeBeforeLogStart(connection, topic, spec, bounds, positions);
      return positions;
    }
  }
}

function clamp(offset: bigint, bounds: PartitionBounds): bigint {
  return offset < bounds.low ? bounds.low : offset > bounds.high ? bounds.high : offset;
}

async function refuseTimeBeforeLogStart(
  connection: KafkaConnection,
  topic: string,
  spec: { ms: number; text: string },
  bounds: PartitionBounds[],
  positions: Map<number, bigint>,
): Promise<void> {
  const trimmed = bounds.filter((b) => b.low > 0n && b.low < b.high && positions.get(b.partition) === b.low);
  if (trimmed.length === 0) return;
  const first = new Map<number, number>();
  await readTopic(connection, {
    topic,
    start: new Map(trimmed.map((b) => [b.partition, b.low])),
    end: new Map(trimmed.map((b) => [b.partition, b.low + 1n])),
    onBatch: async (records) => {
      first.set(records[0].partition, Number(records[0].timestamp));
    },
  });
  const earliest = trimmed
    .filter((b) => first.has(b.partition) && spec.ms < first.get(b.partition)!)
    .map((b) => ({ partition: b.partition, offset: b.low, time: first.get(b.partition)! }))
    .sort((a, b) => a.time - b.time);
  if (earliest.length === 0) return;
  const kept = earliest.map((e) => `partition ${e.partition} from ${new Date(e.time).toISOString()} (offset ${e.offset})`).join(', ');
  throw new CommandFailedError(
    `${spec.text} is before the start of the log of ${topic}: older records were deleted by retention; the earliest kept are ${kept}. Use a later time, or "earliest"/"beginning" to read all that is kept.`,
  );
}

/** Levenshtein distance, to suggest a topic when a name has a typo. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}
