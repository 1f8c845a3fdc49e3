import { ClusterAdmin } from '../client/cluster-admin';
import { missingTopicAcl } from '../errors/access-denied.error';

/**
 * Rejects with KafkaAccessDeniedError naming every topic of `topics` the principal may not write,
 * as the broker computes its authorized operations (a topic it gave no answer for passes).
 * `why` says what the writes are for, e.g. "the consumer needs to park failed records".
 */
export async function assertWritable(admin: ClusterAdmin, topics: string[], why: string): Promise<void> {
  const operations = await admin.topicOperations(topics);
  const refused = topics.filter((topic) => operations.get(topic)?.has('WRITE') === false);
  if (refused.length > 0) throw missingTopicAcl('WRITE', refused, why);
}
