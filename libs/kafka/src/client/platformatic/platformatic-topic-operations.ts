import { Admin, metadataV12 } from '@platformatic/kafka';
import { TopicOperation, TOPIC_OPERATIONS } from '../cluster-admin';

/** Kafka's AclOperation codes, the bit positions of an authorized-operations field (KIP-430). */
const OPERATION_CODES: Record<TopicOperation, number> = {
  READ: 3,
  WRITE: 4,
  CREATE: 5,
  DELETE: 6,
  ALTER: 7,
  DESCRIBE: 8,
  DESCRIBE_CONFIGS: 10,
  ALTER_CONFIGS: 11,
};

/** What a broker puts in the field when it did not compute it. */
const NOT_COMPUTED = -2147483648;

/**
 * The operations the connected principal may perform on each topic, as the broker computes them
 * for a Metadata request that asks for them (version 8 and later; KIP-430). A topic the principal
 * may not even describe maps to an empty set; one the broker did not compute is left out (it has
 * no answer, so callers must not read refusal into it). Without an authorizer the broker grants
 * every operation.
 */
export async function authorizedTopicOperations(admin: Admin, topics: string[]): Promise<Map<string, Set<TopicOperation>>> {
  const found = new Map<string, Set<TopicOperation>>();
  if (topics.length === 0) return found;
  const [nodeId] = (await admin.metadata({ topics: [] })).brokers.keys();
  const connection = nodeId === undefined ? undefined : (await admin.connectToBrokers([nodeId])).get(nodeId);
  if (!connection) throw new Error("the cluster named no broker to ask for the topics' authorized operations");
  const response = await metadataV12.api
    .async(connection, topics, false, true)
    // A topic it may not describe (or that does not exist) fails the response; the others are still in it.
    .catch((error: { response?: metadataV12.MetadataResponse }) => {
      if (error.response) return error.response;
      throw error;
    });
  for (const topic of response.topics) {
    if (!topic.name) continue;
    if (topic.errorCode !== 0) {
      found.set(topic.name, new Set());
      continue;
    }
    if (topic.topicAuthorizedOperations === NOT_COMPUTED) continue;
    found.set(topic.name, new Set(TOPIC_OPERATIONS.filter((op) => (topic.topicAuthorizedOperations & (1 << OPERATION_CODES[op])) !== 0)));
  }
  return found;
}
