import { BenchTopics, PARTITIONS } from '../support/bench-broker';
import { consumerParams } from './consumer-params';
import { KEY_CONCURRENCY } from '../contenders';
import { Entry, measureInterleaved, ratio, Scenario } from './scenario';

/** Consume with an I/O-bound handler (awaits a few ms per event), many keys per partition, per-key order checked. */
export const consumeIoScenario: Scenario = async (context) => {
  const { plan } = context;
  const topics = new BenchTopics(context.brokers, context.prefix(''));
  const entries: Entry[] = [
    { name: 'streamline-consumer', label: 'Streamline consumer runtime, default concurrency' },
    { name: 'streamline-consumer-platformatic', label: 'Streamline consumer runtime on @platformatic/kafka, default concurrency' },
    { name: 'nest-transport-consumer', label: 'NestJS Kafka transport (@EventPattern)' },
    { name: 'kafkajs-consumer', label: `raw kafkajs, partitionsConsumedConcurrently ${PARTITIONS}` },
    { name: 'platformatic-consumer', label: 'raw @platformatic/kafka message stream, partitions handled concurrently' },
    { name: 'streamline-consumer-keys', label: `Streamline consumer runtime, keyConcurrency ${KEY_CONCURRENCY} (option)` },
  ];
  try {
    const topicPrefix = context.prefix('io.');
    await topics.prepare(topicPrefix, plan.ioCount, plan.ioKeys);
    const contenders = await measureInterleaved(
      context,
      entries,
      async (entry, rep) => consumerParams(context, topicPrefix, plan.ioCount, plan.ioKeys, plan.ioDelayMs, `io-${entry.name}-${rep}`),
      undefined,
      plan.nodeArgs,
    );
    const violations = (name: string) => contenders.find((c) => c.name === name)!.results.reduce((n, r) => n + (r.orderViolations ?? 0), 0);
    const vsNest = ratio(contenders, 'streamline-consumer', 'nest-transport-consumer');
    const vsKafkajs = ratio(contenders, 'streamline-consumer', 'kafkajs-consumer');
    const keysVsNest = ratio(contenders, 'streamline-consumer-keys', 'nest-transport-consumer');
    const keysVsKafkajs = ratio(contenders, 'streamline-consumer-keys', 'kafkajs-consumer');
    const streamlineViolations = violations('streamline-consumer') + violations('streamline-consumer-keys');
    return {
      id: 'consume-io',
      title: `Consume, I/O-bound handler (${plan.ioDelayMs} ms per event)`,
      unit: 'records/s',
      higherIsBetter: true,
      setup: { count: plan.ioCount, keys: plan.ioKeys, partitions: PARTITIONS, handlerDelayMs: plan.ioDelayMs },
      contenders,
      targets: [
        { description: 'Streamline / NestJS transport', value: vsNest, target: '≥ 10', met: vsNest >= 10 },
        { description: 'Streamline / raw kafkajs per-partition concurrency', value: vsKafkajs, target: '> 1', met: vsKafkajs > 1 },
        { description: `Streamline keyConcurrency ${KEY_CONCURRENCY} / NestJS transport`, value: keysVsNest, target: '≥ 10', met: keysVsNest >= 10 },
        {
          description: `Streamline keyConcurrency ${KEY_CONCURRENCY} / raw kafkajs per-partition concurrency`,
          value: keysVsKafkajs,
          target: '> 1',
          met: keysVsKafkajs > 1,
        },
        { description: 'per-key order violations (Streamline, both settings)', value: streamlineViolations, target: '= 0', met: streamlineViolations === 0 },
      ],
    };
  } finally {
    await topics.close();
  }
};
