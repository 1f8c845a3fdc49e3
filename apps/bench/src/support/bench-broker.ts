import { Admin, Kafka, logLevel, Partitioners } from 'kafkajs';
import { startLocalKafka, stopLocalKafka } from '@streamline/local-broker';
import { benchEvents, benchKeys, encodeBenchEvents } from './bench-records';

export const BENCH_BROKER_NAME = 'bench';
export const BENCH_BROKER_PORT = 33092;
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
  constructor(brokers: string[], private readonly runPrefix: string) {
    this.kafka = new Kafka({ clientId: 'bench-setup', brokers, logLevel: logLevel.WARN });
  }

  /** Creates `<prefix>orders` with the benchmark's partition count. */
  async create(prefix: string): Promise<string> {
    this.admin ??= this.kafka.admin();
    await this.admin.connect();
    const topic = `${prefix}orders`;
    await this.admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: PARTITIONS }] });
    return topic;
  }

  /** Creates the topic and fills it with `count` benchmark records over `keys` keys. */
  async prepare(prefix: string, count: number, keys: number): Promise<string> {
    const topic = await this.create(prefix);
    const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const keyList = benchKeys(keys);
    const chunk = 50_000;
    for (let offset = 0; offset < count; offset += chunk) {
      const messages = encodeBenchEvents(benchEvents(Math.min(chunk, count - offset), keyList, offset));
      for (let i = 0; i < messages.length; i += 2000) {
        await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: messages.slice(i, i + 2000) }] });
      }
    }
    await producer.disconnect();
    return topic;
  }

  /** Deletes every topic this run created, so repeated runs do not fill the broker's disk. */
  async close(): Promise<void> {
    if (!this.admin) return;
    const topics = (await this.admin.listTopics()).filter((t) => t.startsWith(this.runPrefix));
    if (topics.length) await this.admin.deleteTopics({ topics }).catch(() => undefined);
    await this.admin.disconnect();
  }
}
