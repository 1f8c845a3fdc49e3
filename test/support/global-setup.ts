// Global setup runs outside jest's module registry, where the path aliases are not mapped.
import { startLocalKafka } from '../../libs/local-broker/src';
import { TEST_BROKER_NAME, TEST_BROKER_PORT, TEST_KAFKA_VERSION } from './test-broker';

type Stoppable = { stop(): Promise<unknown> };

/** Starts (or finds) the one broker every end-to-end spec shares. */
export default async function globalSetup(): Promise<void> {
  if (process.env.KAFKA_BROKERS) return;
  const started = Date.now();
  if (process.env.KAFKA_TEST_RUNTIME === 'docker') {
    const { startDockerKafka } = await import('./docker-kafka');
    const { bootstrap, container } = await startDockerKafka();
    process.env.KAFKA_BROKERS = bootstrap;
    (globalThis as { __kafka?: Stoppable }).__kafka = container;
  } else {
    const kafka = await startLocalKafka({ name: TEST_BROKER_NAME, port: TEST_BROKER_PORT, version: TEST_KAFKA_VERSION });
    process.env.KAFKA_BROKERS = kafka.bootstrap;
    (globalThis as { __kafka?: Stoppable }).__kafka = kafka;
  }
  const release = TEST_KAFKA_VERSION ? ` ${TEST_KAFKA_VERSION}` : '';
  process.stdout.write(`\nKafka${release} for tests at ${process.env.KAFKA_BROKERS} (${Date.now() - started} ms)\n`);
}
