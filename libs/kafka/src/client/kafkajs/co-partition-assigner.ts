import { AssignerProtocol, PartitionAssigner } from 'kafkajs';
import { coPartitionAssignment, decodeOwnedPartitions, encodeOwnedPartitions } from '../co-partition-plan';

const NAME = 'StreamlineCoPartitionAssigner';

/**
 * Partition number `i` of every subscribed topic to the same member, sticky across rebalances
 * (../co-partition-plan.ts). `owned` gives the partition numbers this member holds, sent with its
 * subscription at every join.
 */
export function coPartitionAssigner(owned: () => number[]): PartitionAssigner {
  return ({ cluster }) => ({
    name: NAME,
    version: 0,
    async assign({ members, topics }) {
      const counts = new Map(topics.map((topic) => [topic, cluster.findTopicPartitionMetadata(topic).length]));
      const plan = coPartitionAssignment(
        members.map((m) => {
          const metadata = AssignerProtocol.MemberMetadata.decode(m.memberMetadata);
          return { id: m.memberId, owned: decodeOwnedPartitions(metadata?.userData), topics: metadata?.topics };
        }),
        counts,
      );
      return [...plan.keys()].sort().map((memberId) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 0,
          assignment: Object.fromEntries(plan.get(memberId)!),
          userData: Buffer.alloc(0),
        }),
      }));
    },
    protocol({ topics }) {
      return { name: NAME, metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: encodeOwnedPartitions(owned()) }) };
    },
  });
}
