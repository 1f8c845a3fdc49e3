import { TopicSpec } from '@streamline/kafka';
import { KafkaConnection } from './kafka-connection';

/**
 * Creates topics and returns only once every partition has a leader that answers for it (the
 * client waits for that), bounded like every other first contact of the command line.
 */
export async function createTopicsReady(connection: KafkaConnection, topics: TopicSpec[]): Promise<void> {
  const admin = await connection.admin();
  await connection.bounded(admin.createTopics(topics), `creating ${topics.map((t) => t.name).join(', ')} and waiting for their leaders`);
}
