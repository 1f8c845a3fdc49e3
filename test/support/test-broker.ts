/**
 * Which Kafka the end-to-end specs use:
 * - KAFKA_BROKERS set: that cluster, left as it is;
 * - KAFKA_TEST_RUNTIME=docker: a testcontainers Kafka (apache/kafka image), needs a Docker engine;
 * - otherwise: the project's local broker (Maven-installed jars, KRaft on loopback), started
 *   here and stopped after the run.
 * KAFKA_VERSION (e.g. 3.9.2) picks the release of the local broker or the Docker image; default 4.3.1.
 */
export const TEST_BROKER_NAME = 'test';
export const TEST_BROKER_PORT = Number(process.env.KAFKA_TEST_PORT ?? 19092);
export const TEST_KAFKA_VERSION = process.env.KAFKA_VERSION || undefined;
export const KAFKA_IMAGE = `apache/kafka:${TEST_KAFKA_VERSION ?? '4.3.1'}`;

/** Bootstrap servers of the shared test broker; set by the global setup. */
export function testBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: run the end-to-end specs through jest (global setup starts a broker)');
  return brokers.split(',');
}

/**
 * The Kafka client the programs under test run on: the `e2e` project leaves KAFKA_CLIENT unset
 * (kafkajs), the `e2e-platformatic` project sets it before any spec loads. Child processes inherit it;
 * specs that build a KafkaModule in process pass it on as `client`.
 */
export function testClient(): 'kafkajs' | 'platformatic' {
  return process.env.KAFKA_CLIENT === 'platformatic' ? 'platformatic' : 'kafkajs';
}

/**
 * A broker a spec starts for itself (to kill it) gets a port and a name of its own per client,
 * so the two projects can run the same spec at the same time.
 */
export function ownBroker(name: string, port: number): { name: string; port: number } {
  return testClient() === 'kafkajs' ? { name, port } : { name: `${name}-platformatic`, port: port + 50 };
}
