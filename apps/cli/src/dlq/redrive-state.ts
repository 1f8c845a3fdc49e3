import { KafkaConnection } from '../kafka/kafka-connection';
import { PartitionBounds } from '../kafka/topic-positions';
import { RedriveProgress } from './redrive-progress';

/** The consumer group a redrive of a dead-letter topic commits its progress in. */
export function redriveGroupFor(deadLetterTopic: string): string {
  return `${deadLetterTopic}.redrive`;
}

/**
 * What earlier redrives sent, per partition, from their group's committed offsets and metadata.
 * A committed offset that retention has overtaken says nothing of the records still there.
 */
export async function committedRedriveProgress(connection: KafkaConnection, topic: string, bounds: PartitionBounds[]): Promise<Map<number, RedriveProgress>> {
  const admin = await connection.admin();
  const committed = (await admin.groupOffsets(redriveGroupFor(topic), [topic]))[0]?.partitions ?? [];
  return new Map(
    bounds.map((b) => {
      const c = committed.find((p) => p.partition === b.partition) as { offset: string; metadata?: string | null } | undefined;
      const current = c !== undefined && BigInt(c.offset) >= b.low;
      return [b.partition, RedriveProgress.parse(current ? BigInt(c.offset) : b.low, current ? c.metadata : null)];
    }),
  );
}
