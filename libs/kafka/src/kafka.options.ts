import { KafkaEnv } from './config/kafka-env';

/** TLS and SASL settings for a secured cluster. */
export interface KafkaSecurityOptions {
  /** Connect with TLS. Default: false. */
  ssl?: boolean;
  /** SASL mechanism and credentials. Default: none. */
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
}

/** Producer tuning. */
export interface ProducerOptions {
  /** Source URI stamped on events published without one. Default: `/streamline`. */
  defaultSource?: string;
  /** Milliseconds a send may wait for Kafka before failing as unavailable. Default: 10000. */
  requestTimeoutMs?: number;
  /** Compression of record batches. Default: none. */
  compression?: 'none' | 'gzip';
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
