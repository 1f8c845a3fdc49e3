import { KafkaEnv } from './config/kafka-env';

/** TLS and SASL settings for a secured cluster. */
export interface KafkaSecurityOptions {
  /** Connect with TLS. Default: false. */
  ssl?: boolean;
  /** SASL mechanism and credentials. Default: none. */
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
}

/** Producer tuning. Every field has a default that suits an HTTP ingest service. */
export interface ProducerOptions {
  /** Source URI stamped on events published without one. Default: `/streamline`. */
  defaultSource?: string;
  /** Milliseconds one Kafka request may take before kafkajs retries it. Default: 10000. */
  requestTimeoutMs?: number;
  /**
   * Longest a publish call waits for Kafka's acknowledgement, queueing included, before it fails
   * with BrokerUnavailableError. Kafka is never waited on without bound. Default: 5000.
   */
  publishTimeoutMs?: number;
  /** Compression of record batches; kafkajs brings gzip, other codecs need extra packages. Default: none. */
  compression?: 'none' | 'gzip';
  /** Most records in one produce request. Default: 500. */
  maxBatchRecords?: number;
  /** Most bytes (keys, values, headers) in one produce request. Default: 900 KiB, under the broker's 1 MiB record-batch limit. */
  maxBatchBytes?: number;
  /**
   * Under sustained load, how long a batch that is not full waits for more records after the previous
   * request completed. Idle traffic is never delayed. Default: 0.
   */
  lingerMs?: number;
  /** Records allowed to wait for Kafka; beyond that, publishing fails at once (back-pressure). Default: 10000. */
  maxQueuedRecords?: number;
  /**
   * How long a published event's identity (`source` + `id`) is remembered, so a resubmission
   * returns the first result instead of publishing again. 0 turns it off. Default: 600000 (10 min).
   */
  dedupWindowMs?: number;
  /** Most identities remembered; the oldest are forgotten first. Default: 100000. */
  dedupMaxEntries?: number;
  /** Longest shutdown waits for queued and in-flight records before disconnecting. Default: 10000. */
  shutdownTimeoutMs?: number;
}

/** ProducerOptions with every default filled in. */
export type ResolvedProducerOptions = Required<ProducerOptions>;

/** Fills in the producer defaults documented on ProducerOptions. */
export function resolveProducerOptions(options: ProducerOptions = {}): ResolvedProducerOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return {
    defaultSource: '/streamline',
    requestTimeoutMs: 10_000,
    publishTimeoutMs: 5_000,
    compression: 'none',
    maxBatchRecords: 500,
    maxBatchBytes: 900 * 1024,
    lingerMs: 0,
    maxQueuedRecords: 10_000,
    dedupWindowMs: 600_000,
    dedupMaxEntries: 100_000,
    shutdownTimeoutMs: 10_000,
    ...defined,
  };
}

/** Consumer tuning. */
export interface ConsumerOptions {
  /** Consumer group id; one group per service. */
  groupId: string;
  /** Topics to read. Default: every topic whose event types have a handler. */
  topics?: string[];
  /** Where a new group starts. Default: earliest, so nothing published before the group existed is missed. */
  fromBeginning?: boolean;
  /** Largest record value accepted before it is dead-lettered as oversized. Default: 1 MiB. */
  maxValueBytes?: number;
  /** Start consuming when the module starts. Default: true. */
  autoStart?: boolean;
}

/** Options of KafkaModule.forRoot / forRootAsync. */
export interface KafkaModuleOptions extends KafkaSecurityOptions {
  /** Bootstrap brokers, `host:port`. */
  brokers: string[];
  /** Client id shown in broker logs and quotas. Default: `streamline`. */
  clientId?: string;
  /**
   * Prefix put before every registry topic name (`staging.` makes `orders` into `staging.orders`),
   * so several environments or test runs can share one cluster. Default: none.
   */
  topicPrefix?: string;
  /** Create the registry's topics at start-up when missing. Default: true. */
  createTopics?: boolean;
  producer?: ProducerOptions;
  /** Set to run the consumer runtime in this app. */
  consumer?: ConsumerOptions;
}

/** Maps the shared Kafka environment variables onto module options. */
export function kafkaOptionsFromEnv(env: KafkaEnv): Pick<KafkaModuleOptions, 'brokers' | 'clientId' | 'ssl' | 'sasl' | 'topicPrefix'> {
  const sasl =
    env.KAFKA_SASL_MECHANISM && env.KAFKA_SASL_USERNAME && env.KAFKA_SASL_PASSWORD
      ? { mechanism: env.KAFKA_SASL_MECHANISM, username: env.KAFKA_SASL_USERNAME, password: env.KAFKA_SASL_PASSWORD }
      : undefined;
  return {
    brokers: [...env.KAFKA_BROKERS],
    clientId: env.KAFKA_CLIENT_ID,
    ssl: env.KAFKA_SSL === 'true',
    sasl,
    topicPrefix: env.KAFKA_TOPIC_PREFIX,
  };
}
