import { Injectable } from '@nestjs/common';
import {
  BrokerUnavailableError,
  ClusterAdmin,
  ConsumerClient,
  ConsumerSettings,
  createKafkaClient,
  KafkaClient,
  kafkaOptionsFromEnv,
  KafkaConnectionOptions,
  KeyedSender,
  toAccessDenied,
} from '@streamline/kafka';
import { CliConfig } from '../cli.config';
import { UsageError } from '../errors/cli.errors';

/** Flags every Kafka command accepts; they override the environment for one run. */
export interface ConnectionFlags {
  brokers?: string;
  prefix?: string;
}

const HOST_PORT = /^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/;

/**
 * The command line's connection to Kafka: one client, an admin and producers made on demand,
 * every first contact bounded in time so an unreachable cluster is reported, not waited on.
 */
@Injectable()
export class KafkaConnection {
  private options: KafkaConnectionOptions;
  private client?: KafkaClient;
  private adminClient?: Promise<ClusterAdmin>;
  private readonly closers: (() => Promise<unknown>)[] = [];

  constructor(private readonly config: CliConfig) {
    this.options = kafkaOptionsFromEnv(config);
  }

  /** Applies `--brokers` and `--prefix` before anything connects. */
  configure(flags: ConnectionFlags): void {
    if (flags.brokers !== undefined) {
      const brokers = flags.brokers
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean);
      if (brokers.length === 0 || !brokers.every((b) => HOST_PORT.test(b))) {
        throw new UsageError(`--brokers must be host:port[,host:port], got "${flags.brokers}"`);
      }
      this.options = { ...this.options, brokers };
    }
    if (flags.prefix !== undefined) this.options = { ...this.options, topicPrefix: flags.prefix };
  }

  get brokers(): string[] {
    return this.options.brokers;
  }

  get prefix(): string {
    return this.options.topicPrefix ?? '';
  }

  /** A topic as named on the command line, with the prefix put before it unless it already has it. */
  topic(name: string): string {
    return name.startsWith(this.prefix) ? name : this.prefix + name;
  }

  kafka(): KafkaClient {
    this.client ??= createKafkaClient(this.options);
    return this.client;
  }

  /** A connected admin client, or BrokerUnavailableError naming the brokers after the bounded wait. */
  admin(): Promise<ClusterAdmin> {
    this.adminClient ??= (async () => {
      const admin = this.kafka().admin();
      this.closers.push(() => admin.disconnect());
      await this.bounded(admin.connect(), 'connecting');
      // connect() succeeds lazily on some failures; a metadata round trip proves a broker answers.
      await this.bounded(admin.describeCluster(), 'asking for the cluster metadata');
      return admin;
    })();
    return this.adminClient;
  }

  /** A connected idempotent sender (acks=all) placing keys with murmur2 like Java clients. */
  async producer(): Promise<KeyedSender> {
    const producer = new KeyedSender(this.kafka());
    this.closers.push(() => producer.disconnect());
    await this.bounded(producer.connect(), 'connecting a producer');
    return producer;
  }

  /** A group member; the caller connects it (see readTopic). */
  consumer(settings: ConsumerSettings): ConsumerClient {
    const consumer = this.kafka().consumer(settings);
    this.closers.push(() => consumer.disconnect());
    return consumer;
  }

  /** Runs a Kafka call, failing with the brokers' addresses when no answer comes within the bound. */
  async bounded<T>(promise: Promise<T>, what: string): Promise<T> {
    const ms = this.config.STREAMLINE_CONNECT_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new BrokerUnavailableError(`cannot reach Kafka at ${this.brokers.join(',')}: no answer within ${ms / 1000} s while ${what}`)),
        ms,
      );
    });
    try {
      return await Promise.race([promise, timeout]);
    } catch (error) {
      const e = error as { name?: string; message?: string };
      if (error instanceof BrokerUnavailableError && e.message?.startsWith('cannot reach Kafka')) throw error;
      // A refused login, ACL or certificate says what to fix rather than "cannot reach".
      const denied = toAccessDenied(error);
      if (denied) throw denied;
      if (error instanceof BrokerUnavailableError || /Connection|BrokerNotFound|NumberOfRetriesExceeded|Timeout/.test(e?.name ?? '')) {
        throw new BrokerUnavailableError(`cannot reach Kafka at ${this.brokers.join(',')} while ${what}: ${e.message}`, { cause: error });
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Disconnects everything this run opened, newest first. */
  async close(): Promise<void> {
    for (const close of this.closers.reverse()) await close().catch(() => undefined);
    this.closers.length = 0;
  }
}
