import { ClusterAdmin } from './cluster-admin';
import { ConsumerClient, ConsumerSettings } from './consumer-client';
import { RecordSender, SenderSettings } from './record-sender';
import { TransactionalSender, TransactionalSettings } from './transactional-sender';

/** The Kafka client libraries Streamline runs on. */
export const KAFKA_CLIENT_NAMES = ['kafkajs', 'platformatic'] as const;
export type KafkaClientName = (typeof KAFKA_CLIENT_NAMES)[number];

/**
 * A connection to one cluster through one client library: makes group members, record senders
 * and admins. Everything Kafka-specific in the runtime and the command line goes through it;
 * which library sits behind it is one setting (`KAFKA_CLIENT`).
 */
export interface KafkaClient {
  readonly name: KafkaClientName;
  consumer(settings: ConsumerSettings): ConsumerClient;
  sender(settings: SenderSettings): RecordSender;
  /**
   * A sender whose records and consumed offsets commit together (exactly-once consume-transform-
   * produce); absent where the client cannot fence a member by its group generation (KIP-447).
   */
  transactionalSender?(settings: TransactionalSettings): TransactionalSender;
  /** `retries`: how often a failed admin request is retried before it rejects (health checks want 0). */
  admin(settings?: { retries?: number }): ClusterAdmin;
}
