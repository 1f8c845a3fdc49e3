import { Admin } from '@platformatic/kafka';
import { hasKafkaError } from './platformatic-errors';

/** How long to wait for a group's transactional offsets in flight to be decided. */
const STABLE_WAIT_MS = 60_000;

/**
 * A group's committed offsets on `topic`'s `partitions` once no transaction in flight holds a
 * pending commit of them (OffsetFetch with require_stable, KIP-447): the broker answers
 * UNSTABLE_OFFSET_COMMIT until the transaction that wrote them committed or aborted. '-1' where
 * the group has none.
 */
export async function stableGroupOffsets(admin: Admin, groupId: string, topic: string, partitions: number[]): Promise<Map<number, string>> {
  const deadline = Date.now() + STABLE_WAIT_MS;
  for (;;) {
    try {
      const [group] = await admin.listConsumerGroupOffsets({
        groups: [{ groupId, topics: [{ name: topic, partitionIndexes: partitions }] }],
        requireStable: true,
      });
      const committed = group?.topics.find((t) => t.name === topic)?.partitions ?? [];
      return new Map(partitions.map((p) => [p, String(committed.find((c) => c.partitionIndex === p)?.committedOffset ?? -1n)]));
    } catch (error) {
      if (!hasKafkaError(error, 'UNSTABLE_OFFSET_COMMIT') || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
