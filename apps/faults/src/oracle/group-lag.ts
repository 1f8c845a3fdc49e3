import { Kafka, logLevel } from 'kafkajs';

/**
 * Records of `topic` not yet committed by `group`, asked of the brokers directly (Kafka's own
 * committed offsets, not the runtime's view of them); undefined while the brokers cannot answer.
 */
export async function groupLag(bootstrap: string, group: string, topic: string): Promise<number | undefined> {
  const admin = new Kafka({ brokers: bootstrap.split(','), clientId: 'faults-oracle', logLevel: logLevel.NOTHING, retry: { retries: 1 } }).admin();
  try {
    await admin.connect();
    const [ends, [committed]] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId: group, topics: [topic] })]);
    let lag = 0;
    for (const end of ends) {
      const offset = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
      lag += Number(end.high) - (Number(offset) < 0 ? Number(end.low) : Number(offset));
    }
    return lag;
  } catch {
    return undefined;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
