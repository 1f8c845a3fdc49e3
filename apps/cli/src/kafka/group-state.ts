import { CommandFailedError } from '../errors/cli.errors';
import { KafkaConnection } from './kafka-connection';

/** A consumer group as the coordinator describes it. */
export interface GroupState {
  groupId: string;
  state: string;
  members: { memberId: string; clientId: string; clientHost: string }[];
  /** Topics the group has committed offsets for. */
  topics: string[];
}

/** Describes a group; `known` is false when the cluster has neither members nor offsets for it. */
export async function describeGroup(connection: KafkaConnection, groupId: string): Promise<GroupState & { known: boolean }> {
  const admin = await connection.admin();
  const groups = await admin.describeGroups([groupId]);
  const group = groups[0];
  const offsets = await admin.groupOffsets(groupId);
  const topics = offsets.filter((t) => t.partitions.some((p) => BigInt(p.offset) >= 0n)).map((t) => t.topic);
  const members = (group?.members ?? []).map((m) => ({ memberId: m.memberId, clientId: m.clientId, clientHost: m.host }));
  const state = group?.state ?? 'Dead';
  return { groupId, state, members, topics, known: members.length > 0 || topics.length > 0 || state !== 'Dead' };
}

/** The group, or a clear error when the cluster does not know it. */
export async function requireGroup(connection: KafkaConnection, groupId: string): Promise<GroupState> {
  const group = await describeGroup(connection, groupId);
  if (!group.known) {
    throw new CommandFailedError(`unknown consumer group "${groupId}" on ${connection.brokers.join(',')}: it has no members and no committed offsets`);
  }
  return group;
}

/** Names a group's members for a message: client id and host of each. */
export function describeMembers(group: GroupState): string {
  return group.members.map((m) => `${m.clientId} on ${m.clientHost} (${m.memberId})`).join(', ');
}
