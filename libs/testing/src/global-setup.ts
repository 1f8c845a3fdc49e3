import { startTestKafka, StartTestKafkaOptions, TestKafka } from './test-kafka';

const RUNNING = Symbol.for('streamline.testing.kafka');

/**
 * A jest `globalSetup` that starts a Kafka for the whole run and sets KAFKA_BROKERS for the test
 * files; pair it with {@link kafkaGlobalTeardown}:
 *
 *   // jest.kafka-setup.ts
 *   export default kafkaGlobalSetup({ port: 19092 });
 *   // jest.kafka-teardown.ts
 *   export default kafkaGlobalTeardown;
 */
export function kafkaGlobalSetup(options: StartTestKafkaOptions = {}): () => Promise<void> {
  return async () => {
    const kafka = await startTestKafka(options);
    process.env.KAFKA_BROKERS = kafka.brokers.join(',');
    (globalThis as Record<symbol, TestKafka>)[RUNNING] = kafka;
  };
}

/** Stops what {@link kafkaGlobalSetup} started (a cluster given by KAFKA_BROKERS is left alone). */
export async function kafkaGlobalTeardown(): Promise<void> {
  await (globalThis as Record<symbol, TestKafka | undefined>)[RUNNING]?.stop();
}
