import { EventRegistry } from '@streamline/schemas';
import { KafkaEnv } from './config/kafka-env';
import { ConsumerObserver } from './consumer/consumer-observer';
import { ExternalHandler } from './consumer/handler-context';
import { Database } from './idempotency/database';
import { KafkaClientName } from './client/kafka-client';
import { RequestOptions } from './request/request.options';

/** TLS settings beyond "on": what to trust and what to present. Plain data, no client library's types. */
export interface KafkaTlsOptions {
  /** CA certificates (PEM) trusted instead of the system's. Default: the system's. */
  ca?: string;
  /** Client certificate (PEM) for mutual TLS. Default: none. */
  cert?: string;
  /** Private key (PEM) of `cert`. */
  key?: string;
  /** Passphrase of an encrypted `key`. */
  keyPassword?: string;
  /** Check that the broker's certificate names the host connected to. Default: true. */
  checkHostname?: boolean;
}

/** SASL with a user name and password. */
export interface KafkaPasswordSaslOptions {
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  username: string;
  password: string;
}

/** An OAuth 2.0 client-credentials grant (RFC 6749 §4.4), as Kafka's Java client takes it. */
export interface KafkaOAuthClientCredentials {
  /** The identity provider's token endpoint. */
  tokenEndpointUrl: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes to ask for. Default: none. */
  scope?: string;
}

/**
 * SASL OAUTHBEARER: tokens from a client-credentials grant, renewed at 80 % of their lifetime, or
 * from the application's own provider (an identity provider's SDK); one of the two.
 */
export interface KafkaOAuthSaslOptions {
  mechanism: 'oauthbearer';
  clientCredentials?: KafkaOAuthClientCredentials;
  /** Returns a valid access token; called for every new broker connection. */
  tokenProvider?: () => Promise<string>;
}

/** SASL mechanism and credentials. */
export type KafkaSaslOptions = KafkaPasswordSaslOptions | KafkaOAuthSaslOptions;

/** TLS and SASL settings for a secured cluster. */
export interface KafkaSecurityOptions {
  /** Connect with TLS: true for the system's trust store, or what to trust and present. Default: false. */
  ssl?: boolean | KafkaTlsOptions;
  /** SASL mechanism and credentials. Default: none. */
  sasl?: KafkaSaslOptions;
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
  /** Topics to read (full names, prefix included). Default: every registry topic whose event types have a handler. */
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
  /**
   * Handlers in addition to the `@EventHandler` methods found among the app's providers, one per
   * event type across both (StreamlineServer passes the `@nestjs/microservices` patterns here). Default: none.
   */
  handlers?: ExternalHandler[];
  /** Session timeout: a member silent this long is removed from the group. Default: 30000 ms. */
  sessionTimeoutMs?: number;
  /**
   * Static membership (KIP-345): this replica's stable id in the group, e.g. the pod's name. A
   * replica that restarts within the session timeout gets its partitions back without a
   * rebalance. Needs `client: 'platformatic'`. Default: none.
   */
  groupInstanceId?: string;
  /** 'consumer' selects the next-generation group protocol (KIP-848, Kafka 4); needs `client: 'platformatic'`. Default: 'classic'. */
  groupProtocol?: 'classic' | 'consumer';
  /**
   * Exactly-once consume-transform-produce: handlers emit events (`context.emit`) that are
   * written in one Kafka transaction with the offsets of the records that caused them, so
   * read_committed readers see each input's output exactly once. Not with `database`. Default: off.
   */
  exactlyOnce?: ExactlyOnceOptions;
}

/** Settings of exactly-once mode. */
export interface ExactlyOnceOptions {
  /**
   * This replica's `transactional.id`. A replica started again with the same id fences its
   * predecessor and aborts what it left open at once; with a new id, a transaction left open by
   * a killed replica holds read_committed readers back until `transactionTimeoutMs`. Unique per
   * live replica (e.g. the StatefulSet pod's name). Default: `<groupId>.<host name>.<pid>`.
   */
  transactionalId?: string;
  /** Longest a transaction may stay open before the broker aborts it. Default: 10000. */
  transactionTimeoutMs?: number;
  /** `source` of emitted events that do not name one. Default: `/streamline/<groupId>`. */
  source?: string;
}

/** Options of KafkaModule.forRoot / forRootAsync. */
export interface KafkaModuleOptions extends KafkaSecurityOptions {
  /** Bootstrap brokers, `host:port`. */
  brokers: string[];
  /**
   * The app's events: the types it publishes and handles, their classes and topics. Publishing,
   * decoding and handler discovery know these types and no others; the app can inject it with
   * `EVENT_REGISTRY`.
   */
  registry: EventRegistry;
  /** Client id shown in broker logs and quotas. Default: `streamline`. */
  clientId?: string;
  /** The Kafka client library behind the runtime (docs/clients.md). Default: `kafkajs`. */
  client?: KafkaClientName;
  /**
   * Prefix put before every registry topic name (`staging.` makes `orders` into `staging.orders`),
   * so several environments or test runs can share one cluster. Default: none.
   */
  topicPrefix?: string;
  /**
   * Create the registry's topics (prefixed, with their partitions and retention) at start-up when
   * missing. Default: false, the module creates no topic unless asked.
   */
  createTopics?: boolean;
  producer?: ProducerOptions;
  /** Set to run the consumer runtime in this app. */
  consumer?: ConsumerOptions;
  /** Request/reply (`RequestClient.send`): the reply topic and how the requester reads it. Default: see RequestOptions. */
  requests?: RequestOptions;
}

/** What connecting to Kafka takes (brokers, client, security, prefix), without the app's events. */
export type KafkaConnectionOptions = Omit<KafkaModuleOptions, 'registry'>;

/** Maps the shared Kafka environment variables onto module options. */
export function kafkaOptionsFromEnv(env: KafkaEnv): Pick<KafkaModuleOptions, 'brokers' | 'clientId' | 'client' | 'ssl' | 'sasl' | 'topicPrefix'> {
  return {
    brokers: [...env.KAFKA_BROKERS],
    clientId: env.KAFKA_CLIENT_ID,
    client: env.KAFKA_CLIENT,
    ssl: tlsOptionsFromEnv(env),
    sasl: saslOptionsFromEnv(env),
    topicPrefix: env.KAFKA_TOPIC_PREFIX,
  };
}

/** SASL from the environment: a password login, or OAUTHBEARER with client credentials; none without a mechanism. */
function saslOptionsFromEnv(env: KafkaEnv): KafkaSaslOptions | undefined {
  if (env.KAFKA_SASL_MECHANISM === 'oauthbearer') {
    const { KAFKA_SASL_OAUTH_TOKEN_ENDPOINT_URL: tokenEndpointUrl, KAFKA_SASL_OAUTH_CLIENT_ID: clientId, KAFKA_SASL_OAUTH_CLIENT_SECRET: clientSecret } = env;
    if (!tokenEndpointUrl || !clientId || !clientSecret) return undefined;
    const scope = env.KAFKA_SASL_OAUTH_SCOPE;
    return { mechanism: 'oauthbearer', clientCredentials: { tokenEndpointUrl, clientId, clientSecret, ...(scope ? { scope } : {}) } };
  }
  return env.KAFKA_SASL_MECHANISM && env.KAFKA_SASL_USERNAME && env.KAFKA_SASL_PASSWORD
    ? { mechanism: env.KAFKA_SASL_MECHANISM, username: env.KAFKA_SASL_USERNAME, password: env.KAFKA_SASL_PASSWORD }
    : undefined;
}

/**
 * TLS from the environment: off unless KAFKA_SSL=true or a CA or client certificate is given
 * (KAFKA_SSL=false still turns it off); the broker's host name is checked unless
 * KAFKA_SSL_CHECK_HOSTNAME=false.
 */
function tlsOptionsFromEnv(env: KafkaEnv): boolean | KafkaTlsOptions {
  const material = env.KAFKA_SSL_CA !== undefined || env.KAFKA_SSL_CERT !== undefined;
  if (env.KAFKA_SSL === 'false' || (env.KAFKA_SSL !== 'true' && !material)) return false;
  if (!material && env.KAFKA_SSL_CHECK_HOSTNAME !== 'false') return true;
  const tls: KafkaTlsOptions = { checkHostname: env.KAFKA_SSL_CHECK_HOSTNAME !== 'false' };
  if (env.KAFKA_SSL_CA !== undefined) tls.ca = env.KAFKA_SSL_CA;
  if (env.KAFKA_SSL_CERT !== undefined) tls.cert = env.KAFKA_SSL_CERT;
  if (env.KAFKA_SSL_KEY !== undefined) tls.key = env.KAFKA_SSL_KEY;
  if (env.KAFKA_SSL_KEY_PASSWORD !== undefined) tls.keyPassword = env.KAFKA_SSL_KEY_PASSWORD;
  return tls;
}
