import { AssignerProtocol, Kafka, logLevel } from 'kafkajs';

/** One member of a consumer group and the partitions of one topic it holds. */
export interface GroupMemberView {
  memberId: string;
  /** Where the coordinator sees the member's connection from, e.g. "/127.0.0.2". */
  clientHost: string;
  partitions: number[];
}

/** Members of `group` as its coordinator describes them now; undefined unless the group is Stable. */
export async function describeStableGroup(bootstrap: string, group: string, topic: string): Promise<GroupMemberView[] | undefined> {
  const admin = new Kafka({ brokers: bootstrap.split(','), clientId: 'faults-group-view', logLevel: logLevel.NOTHING, retry: { retries: 1 } }).admin();
  try {
    await admin.connect();
    const { groups } = await admin.describeGroups([group]);
    const described = groups[0];
    if (described?.state !== 'Stable') return undefined;
    return described.members.map((member) => ({
      memberId: member.memberId,
      clientHost: member.clientHost,
      partitions: member.memberAssignment.length ? (AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment[topic] ?? []) : [],
    }));
  } catch {
    return undefined;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
