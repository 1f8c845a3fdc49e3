import type { ClusterMetadata, ExtendedGroupProtocolSubscription, GroupAssignment, GroupPartitionsAssignments } from '@platformatic/kafka';
import { coPartitionAssignment, decodeOwnedPartitions } from '../co-partition-plan';

/**
 * The protocol name of the co-partition assignor: the same as the kafkajs client's, so members of
 * both clients can share a group during a switch from one to the other. Each member's user data
 * names the partition numbers it holds (the client sends it with `protocolsMetadata`).
 */
export const CO_PARTITION_PROTOCOL = { name: 'StreamlineCoPartitionAssigner', version: 0 };

/**
 * Partition number `i` of every subscribed topic to the same member, sticky across rebalances
 * (../co-partition-plan.ts). The library's default (round robin over all partitions of all topics)
 * keeps co-partitioning only when the partition count is a multiple of the member count.
 */
export function coPartitionAssigner(
  _leader: string,
  members: Map<string, ExtendedGroupProtocolSubscription>,
  topics: Set<string>,
  metadata: Pick<ClusterMetadata, 'topics'>,
): GroupPartitionsAssignments[] {
  const counts = new Map([...topics].map((topic) => [topic, metadata.topics.get(topic)?.partitionsCount ?? 0]));
  const plan = coPartitionAssignment(
    [...members.values()].map((m) => ({ id: m.memberId, owned: decodeOwnedPartitions(m.metadata), topics: m.topics })),
    counts,
  );
  return [...plan.keys()].sort().map((memberId) => ({
    memberId,
    assignments: new Map([...plan.get(memberId)!].map(([topic, partitions]): [string, GroupAssignment] => [topic, { topic, partitions }])),
  }));
}
