import { KafkaEnv } from './config/kafka-env';
import { ConsumerObserver } from './consumer/consumer-observer';
import { Database } from './idempotency/database';

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
  /** Most records in one produce request (coalesced while the previous one is in flight). Default: 1000. */
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
    maxBatchRecords: 1000,
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
  /** Consumer group id; one group per service, replicas share it. */
  groupId: string;
  /** Topics to read (full names, prefix included). Default: every topic whose event types have a handler. */
  topics?: string[];
  /**
   * Priority lanes: topics from the highest lane to the lowest (full names). While a lane has
   * fetched work or a backlog, the lanes below it are paused. Lane topics are read in addition
   * to `topics`. Default: none.
   */
  priorityLanes?: string[];
  /** Where a new group starts. Default: earliest, so nothing published before the group existed is missed. */
  fromBeginning?: boolean;
  /** Largest record value accepted before it is dead-lettered as oversized. Default: 1 MiB. */
  maxValueBytes?: number;
  /** Start consuming when the module starts. Default: true. */
  autoStart?: boolean;
  /**
   * Delay of each retry tier in milliseconds, ascending: a retriable failure goes to
   * `<topic>.<group>.retry.<n>` and runs again after `retryDelaysMs[n-1]`; after the last tier it
   * is dead-lettered. Empty: no retries. Default: [1000, 10000, 60000].
   */
  retryDelaysMs?: number[];
  /**
   * Events queued behind a key whose event ended in dead letters: `continue` handles them in
   * order, `dead-letter` sends them to the dead letters too (reason `parked-behind-dead-letter`).
   * Default: continue.
   */
  afterDeadLetter?: 'continue' | 'dead-letter';
  /**
   * Keys of one partition handled at the same time, never two records of one key; 1 handles a
   * partition one record at a time. Default: 16 (as Confluent's parallel consumer).
   */
  keyConcurrency?: number;
  /** Records fetched and not yet settled in this process; fetching pauses at this bound. Default: 10000. */
  maxInFlight?: number;
  /** At shutdown, how long running handlers may take before the consumer leaves anyway. Default: 10000 ms. */
  shutdownTimeoutMs?: number;
  /** Milliseconds between two offset commits while records settle. Default: 100. */
  commitIntervalMs?: number;
  /**
   * The database of the service's effects. When set, every event runs in a transaction that
   * also records its `source` + `id` (effects applied once), handlers get it as `context.tx`,
   * and parked keys are kept there too. Default: none.
   */
  database?: Database;
  /** How long processed event ids are kept for recognising redeliveries. Default: 7 days. */
  processedIdRetentionMs?: number;
  /** Called after each handled event (latency probes, audits). Default: none. */
  observers?: ConsumerObserver[];
  /** kafkajs session timeout: a member silent this long is removed from the group. Default: 30000 ms. */
  sessionTimeoutMs?: number;
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
