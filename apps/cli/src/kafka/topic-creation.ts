import { ITopicConfig } from 'kafkajs';
import { KafkaConnection } from './kafka-connection';

const RETRY_MS = 100;

/**
 * Creates topics and returns only once every partition has a leader that answers for it.
 * kafkajs' `waitForLeaders` waits for leaders in the metadata, but a broker that is named leader
 * can still refuse a write for a moment (NOT_LEADER_OR_FOLLOWER, seen on `replay copy
 * --create-target` right after creating), so each partition's leader is also asked for its offsets,
 * the request a produce would go to, until it answers.
 */
export async function createTopicsReady(connection: KafkaConnection, topics: ITopicConfig[]): Promise<void> {
  const admin = await connection.admin();
  await admin.createTopics({ waitForLeaders: true, topics });
  const names = topics.map((t) => t.topic);
  let waiting = true;
  try {
    await connection.bounded(
      (async () => {
        while (waiting && !(await leadersAnswer(connection, names))) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      })(),
      `waiting for every partition of ${names.join(', ')} to have a leader`,
    );
  } finally {
    waiting = false;
  }
}

async function leadersAnswer(connection: KafkaConnection, topics: string[]): Promise<boolean> {
  const admin = await connection.admin();
  try {
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
    const led = metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0 && p.partitionErrorCode === 0));
    if (!led) return false;
    for (const topic of topics) await admin.fetchTopicOffsets(topic);
    return true;
  } catch (error) {
    if ((error as { retriable?: boolean }).retriable) return false;
    throw error;
  }
}
