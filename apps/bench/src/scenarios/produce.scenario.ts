import { VALUE_BYTES } from '../support/bench-records';
import { BenchTopics, PARTITIONS } from '../support/bench-broker';
import { Entry, measureInterleaved, ratio, Scenario } from './scenario';

const ENTRIES: Entry[] = [
  { name: 'streamline-producer', label: 'Streamline ProducerService' },
  { name: 'streamline-producer-platformatic', label: 'Streamline ProducerService on @platformatic/kafka' },
  { name: 'kafkajs-producer', label: 'raw kafkajs, same batching' },
  { name: 'kafkajs-encoding-producer', label: "raw kafkajs, same batching + Streamline's validation and encoding" },
  { name: 'platformatic-producer', label: 'raw @platformatic/kafka, same batching' },
  { name: 'java-producer', label: 'Kafka ProducerPerformance (Java)' },
];

/** Produce, acks=all, idempotent: each run writes to a fresh topic. */
export const produceScenario: Scenario = async (context) => {
  const { plan } = context;
  const topics = new BenchTopics(context.brokers, context.prefix(''));
  try {
    const contenders = await measureInterleaved(
      context,
      ENTRIES,
      async (entry, rep) => {
        const topicPrefix = context.prefix(`produce-${entry.name}-${rep}.`);
        await topics.create(topicPrefix);
        return {
          brokers: context.brokers,
          topicPrefix,
          count: plan.produceCount,
          keys: 10_000,
          batchSize: plan.batchSize,
          concurrency: plan.concurrency,
          groupId: '',
          handlerDelayMs: 0,
          partitions: PARTITIONS,
        };
      },
      undefined,
      plan.nodeArgs,
    );
    const vsKafkajs = ratio(contenders, 'streamline-producer', 'kafkajs-producer');
    const vsEncoding = ratio(contenders, 'streamline-producer', 'kafkajs-encoding-producer');
    const bestVsKafkajs = Math.max(vsKafkajs, ratio(contenders, 'streamline-producer-platformatic', 'kafkajs-producer'));
    return {
      id: 'produce',
      title: 'Produce, acks=all, idempotent',
      unit: 'records/s',
      higherIsBetter: true,
      setup: {
        count: plan.produceCount,
        valueBytes: VALUE_BYTES,
        partitions: PARTITIONS,
        keys: 10_000,
        batchSize: plan.batchSize,
        callsInFlight: plan.concurrency,
      },
      contenders,
      targets: [
        { description: 'Streamline / raw kafkajs', value: vsKafkajs, target: '≥ 0.95', met: vsKafkajs >= 0.95 },
        { description: 'Streamline on the faster client / raw kafkajs', value: bestVsKafkajs, target: '≥ 1.0', met: bestVsKafkajs >= 1 },
        { description: 'Streamline / raw kafkajs with the same validation and encoding', value: vsEncoding, target: '≥ 0.95', met: vsEncoding >= 0.95 },
      ],
    };
  } finally {
    await topics.close();
  }
};
