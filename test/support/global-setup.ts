// Global setup runs outside jest's module registry, where the path aliases are not mapped.
import { startLocalKafka } from '../../libs/local-broker/src';
import { KAFKA_IMAGE, TEST_BROKER_NAME, TEST_BROKER_PORT } from './test-broker';

type Stoppable = { stop(): Promise<unknown> };

/** Starts (or finds) the one broker every end-to-end spec shares. */
export default async function globalSetup(): Promise<void> {
  if (process.env.KAFKA_BROKERS) return;
  const started = Date.now();
  if (process.env.KAFKA_TEST_RUNTIME === 'docker') {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const container = await new KafkaContainer(KAFKA_IMAGE).start();
    process.env.KAFKA_BROKERS = `${container.getHost()}:${container.getMappedPort(9093)}`;
    (globalThis as { __kafka?: Stoppable }).__kafka = container;
  } else {
    const kafka = await startLocalKafka({ name: TEST_BROKER_NAME, port: TEST_BROKER_PORT });
    process.env.KAFKA_BROKERS = kafka.bootstrap;
    (globalThis as { __kafka?: Stoppable }).__kafka = kafka;
  }
  process.stdout.write(`\nKafka for tests at ${process.env.KAFKA_BROKERS} (${Date.now() - started} ms)\n`);
}
