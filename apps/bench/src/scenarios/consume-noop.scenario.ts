import { VALUE_BYTES } from '../support/bench-records';
import { BenchTopics, PARTITIONS } from '../support/bench-broker';
import { consumerParams } from './consumer-params';
import { Entry, measureInterleaved, ratio, Scenario } from './scenario';

/** Consume with a no-op handler: how fast each consumer reads and dispatches. */
export const consumeNoopScenario: Scenario = async (context) => {
  const { plan } = context;
  const topics = new BenchTopics(context.brokers, context.prefix(''));
  const entries: Entry[] = [
    { name: 'streamline-consumer', label: 'Streamline consumer runtime (decode + validate)' },
    { name: 'streamline-consumer-platformatic', label: 'Streamline consumer runtime on @platformatic/kafka (decode + validate)' },
    { name: 'kafkajs-consumer', label: 'raw kafkajs eachBatch' },
    { name: 'kafkajs-decoding-consumer', label: "raw kafkajs eachBatch + Streamline's decode and validation" },
    { name: 'platformatic-consumer', label: 'raw @platformatic/kafka message stream' },
    { name: 'platformatic-decoding-consumer', label: "raw @platformatic/kafka message stream + Streamline's decode and validation" },
    { name: 'nest-transport-consumer', label: 'NestJS Kafka transport (@EventPattern)' },
    { name: 'java-consumer', label: 'Kafka ConsumerPerformance (Java)' },
  ];
  try {
    const topicPrefix = context.prefix('noop.');
    context.log(`  preparing ${plan.consumeCount.toLocaleString('en-US')} records`);
    await topics.prepare(topicPrefix, plan.consumeCount, 10_000);
    const contenders = await measureInterleaved(
      context,
      entries,
      async (entry, rep) => consumerParams(context, topicPrefix, plan.consumeCount, 10_000, 0, `noop-${entry.name}-${rep}`),
      undefined,
      plan.nodeArgs,
    );
    const vsBatch = ratio(contenders, 'streamline-consumer', 'kafkajs-consumer');
    const vsDecoding = ratio(contenders, 'streamline-consumer', 'kafkajs-decoding-consumer');
    const bestVsBatch = Math.max(vsBatch, ratio(contenders, 'streamline-consumer-platformatic', 'kafkajs-consumer'));
    return {
      id: 'consume-noop',
      title: 'Consume, no-op handler',
      unit: 'records/s',
      higherIsBetter: true,
      setup: { count: plan.consumeCount, valueBytes: VALUE_BYTES, partitions: PARTITIONS },
      contenders,
      targets: [
        { description: 'Streamline / raw kafkajs eachBatch', value: vsBatch, target: '≥ 0.9', met: vsBatch >= 0.9 },
        { description: 'Streamline on the faster client / raw kafkajs eachBatch', value: bestVsBatch, target: '≥ 1.0', met: bestVsBatch >= 1 },
        { description: 'Streamline / raw kafkajs eachBatch with the same decode and validation', value: vsDecoding, target: '≥ 0.9', met: vsDecoding >= 0.9 },
      ],
    };
  } finally {
    await topics.close();
  }
};
