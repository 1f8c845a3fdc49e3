import { AssignerProtocol, PartitionAssigner } from 'kafkajs';

/**
 * Assigns partition number `i` of every subscribed topic to the same member (members sorted,
 * `i mod members`). A source topic and its retry tiers have the same partition count and a
 * retried record keeps its partition number, so the member that parks a key on `orders/3`
 * also reads `orders.<group>.retry.*\/3` and learns there when the key may move again.
 */
export const CoPartitionAssigner: PartitionAssigner = ({ cluster }) => ({
  name: 'StreamlineCoPartitionAssigner',
  version: 0,
  async assign({ members, topics }) {
    const sorted = members.map((m) => m.memberId).sort();
    const assignment = new Map<string, Record<string, number[]>>(sorted.map((id) => [id, {}]));
    for (const topic of topics) {
      for (const { partitionId } of cluster.findTopicPartitionMetadata(topic)) {
        const member = assignment.get(sorted[partitionId % sorted.length])!;
        (member[topic] ??= []).push(partitionId);
      }
    }
    return sorted.map((memberId) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: assignment.get(memberId)!, userData: Buffer.alloc(0) }),
    }));
  },
  protocol({ topics }) {
    return { name: 'StreamlineCoPartitionAssigner', metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }) };
  },
});
