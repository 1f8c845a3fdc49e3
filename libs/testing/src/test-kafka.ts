import { startLocalKafka, stopLocalKafka } from '@streamline/local-broker';

/** A Kafka for a test run: where it listens, and how to stop it (a no-op for a cluster it did not start). */
export interface TestKafka {
  brokers: string[];
  /** `existing` (KAFKA_BROKERS was set), `local` (Kafka's own jars) or `docker` (testcontainers). */
  runtime: 'existing' | 'local' | 'docker';
  stop(): Promise<void>;
}

/** Options of {@link startTestKafka}. */
export interface StartTestKafkaOptions {
  /**
   * `local` runs Apache Kafka's jars in KRaft mode on this machine (Java 17 and Maven needed; the
   * jars are fetched once); `docker` starts the official `apache/kafka` image with testcontainers
   * (a Docker engine needed; install `testcontainers` as a dev dependency). Default: `local`.
   * Either way, KAFKA_BROKERS set in the environment wins: that cluster is used as it is.
   */
  runtime?: 'local' | 'docker';
  /** Client port of the local broker. Default 19092. Pick one per parallel test run. */
  port?: number;
  /** Names the local broker's state folder (under `.streamline/`). Default `test`. */
  name?: string;
  /** Kafka release: 3.9.x or 4.x.y. Default: the release Streamline is tested on (4.3.1). */
  version?: string;
  /** Leave the local broker running after `stop()` so the next run starts in a second. Default false. */
  keepRunning?: boolean;
}

/**
 * Starts (or finds) a real Kafka for end-to-end tests. Meant for a jest `globalSetup`, which then
 * exports the address as KAFKA_BROKERS for the test files; see {@link kafkaGlobalSetup}.
 */
export async function startTestKafka(options: StartTestKafkaOptions = {}): Promise<TestKafka> {
  const existing = process.env.KAFKA_BROKERS;
  if (existing) return { brokers: existing.split(','), runtime: 'existing', stop: async () => undefined };
  if (options.runtime === 'docker') return startDockerKafka(options.version ?? '4.3.1');
  const name = options.name ?? 'test';
  const kafka = await startLocalKafka({ name, port: options.port ?? 19092, version: options.version });
  return {
    brokers: kafka.bootstrap.split(','),
    runtime: 'local',
    stop: async () => {
      if (!options.keepRunning) await stopLocalKafka(name);
    },
  };
}

async function startDockerKafka(version: string): Promise<TestKafka> {
  let testcontainers: typeof import('testcontainers');
  try {
    testcontainers = await import('testcontainers');
  } catch {
    throw new Error("runtime 'docker' needs the testcontainers package: npm install --save-dev testcontainers");
  }
  const { GenericContainer, Wait } = testcontainers;
  // The broker advertises the host port clients use, so the port is fixed before the start.
  const port = 20000 + Math.floor(Math.random() * 10000);
  const container = await new GenericContainer(`apache/kafka:${version}`)
    .withExposedPorts({ container: port, host: port })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:29093',
      KAFKA_LISTENERS: `PLAINTEXT://:19092,PLAINTEXT_HOST://:${port},CONTROLLER://:29093`,
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:19092,PLAINTEXT_HOST://localhost:${port}`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,PLAINTEXT_HOST:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'PLAINTEXT',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(120_000)
    .start();
  return { brokers: [`localhost:${port}`], runtime: 'docker', stop: async () => void (await container.stop()) };
}
