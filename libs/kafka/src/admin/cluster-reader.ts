import { ClusterAdmin } from '../client/cluster-admin';
import { createKafkaClient } from '../client/create-kafka-client';
import { KafkaConnectionOptions } from '../kafka.options';
import { ClusterReader, ClusterSnapshot, GroupSnapshot, TopicSnapshot } from './cluster-snapshot';
import { fetchGroupLag } from './consumer-lag';

/**
 * A cluster reader over one admin of the configured client. Lag comes from `fetchGroupLag`, the
 * function `streamline lag` uses, so a page showing it and the command line never disagree.
 */
export async function openClusterReader(options: KafkaConnectionOptions): Promise<ClusterReader> {
  const admin = createKafkaClient(options).admin();
  await admin.connect();
  return { snapshot: () => readSnapshot(admin), close: () => admin.disconnect() };
}

async function readSnapshot(admin: ClusterAdmin): Promise<ClusterSnapshot> {
  const cluster = await admin.describeCluster();
  const brokers = cluster.brokers
    .map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, controller: b.nodeId === cluster.controller }))
    .sort((a, b) => a.nodeId - b.nodeId);
  const names = (await admin.listTopics()).filter((t) => !t.startsWith('__')).sort();
  const topics: TopicSnapshot[] = [];
  for (const name of names) topics.push({ name, partitions: await admin.topicOffsets(name) });
  const groupIds = (await admin.listGroups()).sort();
  const described = groupIds.length ? await admin.describeGroups(groupIds) : [];
  const groups: GroupSnapshot[] = [];
  for (const group of described) {
    const members = group.members.map((m) => ({
      memberId: m.memberId,
      clientId: m.clientId,
      clientHost: m.host,
      assignment: Object.fromEntries(m.assignment.map((a) => [a.topic, a.partitions])),
    }));
    groups.push({ groupId: group.groupId, state: group.state, members, lag: await fetchGroupLag(admin, group.groupId) });
  }
  return { at: new Date().toISOString(), brokers, topics, groups };
}
