import { Admin, Kafka, logLevel, Partitioners } from 'kafkajs';
import { startLocalKafka, stopLocalKafka } from '@streamline/local-broker';
import { benchEvents, benchKeys, encodeBenchEvents } from './bench-records';

export const BENCH_BROKER_NAME = 'bench';
// Below the Linux ephemeral range (32768-60999), which local-broker refuses.
export const BENCH_BROKER_PORT = 21092;
export const PARTITIONS = 6;

/** The broker the benchmark runs on: `KAFKA_BROKERS` when given, else a dedicated local one. */
export interface BenchBroker {
  brokers: string[];
  dedicated: boolean;
  stop(): Promise<void>;
}

export async function openBenchBroker(env: NodeJS.ProcessEnv): Promise<BenchBroker> {
  if (env.KAFKA_BROKERS) return { brokers: env.KAFKA_BROKERS.split(','), dedicated: false, stop: async () => undefined };
  const kafka = await startLocalKafka({ name: BENCH_BROKER_NAME, port: BENCH_BROKER_PORT, heapMb: 1024 });
  return { brokers: kafka.bootstrap.split(','), dedicated: true, stop: async () => void (await stopLocalKafka(BENCH_BROKER_NAME)) };
}

/** Topic creation and backlog preparation, outside any timed part. */
export class BenchTopics {
  private readonly kafka: Kafka;
  private admin?: Admin;

  /** Every topic of the run starts with `runPrefix`, including those the contenders create (dead letters). */
  constructor(
    brokers: string[],
    private readonly runPrefix: string,
  ) {
    // Retriable errors of a fresh broker (coordinator loading) are retried by kafkajs; real failures throw.
    this.kafka = new Kafka({ clientId: 'bench-setup', brokers, logLevel: logLevel.NOTHING });
  }

  /** Creates `<prefix>orders` with the benchmark's partition count, once every partition has a leader. */
  async create(prefix: string): Promise<string> {
    this.admin ??= this.kafka.admin();
    await this.admin.connect();
    const topic = `${prefix}orders`;
    // A busy single broker may answer metadata for a new topic before it hosts it; kafkajs then
    // gives up, so the wait for leaders is repeated here (creating an existing topic is a no-op).
    for (let attempt = 1; ; attempt++) {
      try {
        await this.admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: PARTITIONS }] });
        return topic;
      } catch (error) {
        if (attempt >= 10) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  /** Creates the topic and fills it with `count` benchmark records over `keys` keys. */
  async prepare(prefix: string, count: number, keys: number): Promise<string> {
    const topic = await this.create(prefix);
    const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const keyList = benchKeys(keys);
    const chunk = 50_000;
    for (let offset = 0; offset < count; offset += chunk) {
      const messages = encodeBenchEvents(benchEvents(Math.min(chunk, count - offset), keyList, offset), { validate: false });
      for (let i = 0; i < messages.length; i += 2000) {
        await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: messages.slice(i, i + 2000) }] });
      }
    }
    await producer.disconnect();
    return topic;
  }

  async close(): Promise<void> {
    await this.admin?.disconnect();
  }

  /**
   * Deletes every topic of the run (contenders' dead-letter and retry topics too), so repeated
   * runs on a shared broker do not fill its disk; done once at the end, so no scenario measures
   * while the broker deletes logs.
   */
  async deleteRunTopics(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const topics = (await admin.listTopics()).filter((t) => t.startsWith(this.runPrefix));
      if (topics.length) await admin.deleteTopics({ topics, timeout: 60_000 });
    } finally {
      await admin.disconnect();
    }
  }
}
