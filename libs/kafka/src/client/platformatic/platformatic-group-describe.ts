import { Admin, consumerGroupDescribeV0, FindCoordinatorKeyTypes } from '@platformatic/kafka';
import { GroupInfo } from '../cluster-admin';

/**
 * Describes groups of the next-generation protocol (KIP-848) with ConsumerGroupDescribe, which the
 * library implements but its admin does not call: the classic DescribeGroups reports such a group
 * as "Dead" with no members. Groups the coordinator does not know as consumer groups are left out.
 */
export async function describeConsumerGroups(admin: Admin, groupIds: string[]): Promise<GroupInfo[]> {
  const coordinators = await admin.findCoordinator({ keyType: FindCoordinatorKeyTypes.GROUP, keys: groupIds });
  const byNode = new Map<number, string[]>();
  for (const c of coordinators) byNode.set(c.nodeId, [...(byNode.get(c.nodeId) ?? []), c.key]);
  const described: GroupInfo[] = [];
  for (const [nodeId, groups] of byNode) {
    const connection = (await admin.connectToBrokers([nodeId])).get(nodeId);
    if (!connection) continue;
    const response = await consumerGroupDescribeV0.api
      .async(connection, groups, false)
      .catch((error: { response?: consumerGroupDescribeV0.ConsumerGroupDescribeResponse }) => {
        // A group the coordinator does not know (GROUP_ID_NOT_FOUND) fails the response; the others are still in it.
        if (error.response) return error.response;
        throw error;
      });
    for (const g of response.groups) {
      if (g.errorCode !== 0) continue;
      described.push({
        groupId: g.groupId,
        state: g.groupState,
        members: g.members.map((m) => ({
          memberId: m.memberId,
          clientId: m.clientId,
          host: m.clientHost,
          assignment: m.assignment.topicPartitions.map((t) => ({ topic: t.topicName, partitions: [...t.partitions] })),
        })),
      });
    }
  }
  return described;
}
