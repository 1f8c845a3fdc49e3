import type { ClusterMetadata, ExtendedGroupProtocolSubscription, GroupAssignment, GroupPartitionsAssignments } from '@platformatic/kafka';

/**
 * The protocol name of the co-partition assignor: the same as the kafkajs client's, so members of
 * both clients can share a group during a switch from one to the other.
 */
export const CO_PARTITION_PROTOCOL = { name: 'StreamlineCoPartitionAssigner', version: 0 };

/**
 * Assigns partition number `i` of every subscribed topic to the same member (members sorted,
 * `i mod members`). A source topic and its retry tiers have the same partition count and a
 * retried record keeps its partition number, so the member that parks a key on `orders/3` also
 * reads `orders.<group>.retry.*\/3`. The library's default (round robin over all partitions of all
 * topics) keeps that only when the partition count is a multiple of the member count.
 */
export function coPartitionAssigner(
  _leader: string,
  members: Map<string, ExtendedGroupProtocolSubscription>,
  topics: Set<string>,
  metadata: Pick<ClusterMetadata, 'topics'>,
): GroupPartitionsAssignments[] {
  const sorted = [...members.keys()].sort();
  const assignments = new Map(sorted.map((id) => [id, new Map<string, GroupAssignment>()]));
  for (const topic of [...topics].sort()) {
    const count = metadata.topics.get(topic)?.partitionsCount ?? 0;
    const eligible = sorted.filter((id) => members.get(id)?.topics?.includes(topic) ?? true);
    if (eligible.length === 0) continue;
    for (let partition = 0; partition < count; partition++) {
      const member = assignments.get(eligible[partition % eligible.length])!;
      const entry = member.get(topic) ?? { topic, partitions: [] };
      entry.partitions.push(partition);
      member.set(topic, entry);
    }
  }
  return sorted.map((memberId) => ({ memberId, assignments: assignments.get(memberId)! }));
}
