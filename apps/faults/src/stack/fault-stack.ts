import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { startLocalKafka } from '../../../../libs/local-broker/src';
import { deadLetterTopicFor } from '../../../../libs/schemas/src/registry/derived-topics';
import { ConsumerStartOptions, FaultStack, ScenarioNeeds } from '../scenario';
import { waitForGroupCoordinator } from './group-coordinator';
import { ServiceProcess } from './service-process';

/** Where the suite finds the repository, PostgreSQL and its log folder. */
export interface StackSettings {
  root: string;
  /** Folder for this scenario's service logs. */
  logDir: string;
  /** Base client port of the scenario's own brokers (controllers sit 1000 above). */
  kafkaPort: number;
  /** Kafka release the brokers run (local-broker's default when absent). */
  kafkaVersion?: string;
  /** A maintenance database URL of the PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres. */
  postgresAdminUrl: string;
  /** Environment the producer and every consumer replica get before the scenario's own (the Kafka client). */
  serviceDefaults?: Record<string, string>;
  /** Environment every consumer replica gets before the scenario's own. */
  consumerDefaults: Record<string, string>;
  /** Runs before a consumer replica is signalled to end (its last metrics are read there). */
  beforeConsumerEnds?: (service: ServiceProcess) => Promise<void>;
}

/** A started stack and how to take it all down again. */
export interface RunningStack extends FaultStack {
  producer: ServiceProcess;
  consumers: ServiceProcess[];
  teardown(): Promise<void>;
}

/**
 * Starts what a scenario needs: its own brokers, a fresh database, the producer and the
 * consumer replicas as real processes. On failure, whatever started is stopped again.
 */
export async function startStack(scenario: string, needs: ScenarioNeeds, settings: StackSettings): Promise<RunningStack> {
  const suffix = randomBytes(3).toString('hex');
  const topicPrefix = `faults.${suffix}.`;
  const group = `faults-${scenario}-${suffix}`;
  const topic = `${topicPrefix}orders`;
  const cleanups: Array<() => Promise<void>> = [];
  const teardown = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error(`teardown: ${(error as Error).message}`));
  };
  try {
    // The port in the name keeps two runs of one scenario (on different --kafka-port) apart.
    const kafka = await startLocalKafka({
      name: `faults-${scenario}-${settings.kafkaPort}`,
      port: settings.kafkaPort,
      brokers: needs.brokers,
      heapMb: 384,
      version: settings.kafkaVersion,
    });
    cleanups.push(() => kafka.stop());
    await waitForGroupCoordinator(kafka.bootstrap, group);

    let databaseUrl: string | undefined;
    let adminDatabaseUrl: string | undefined;
    let databaseName: string;
    const dbEnv: Record<string, string> = {};
    if (needs.database === 'postgres') {
      databaseName = `streamline_faults_${suffix}`;
      adminDatabaseUrl = settings.postgresAdminUrl;
      await sql(adminDatabaseUrl, `CREATE DATABASE ${databaseName}`);
      cleanups.push(async () => {
        await sql(adminDatabaseUrl!, `ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS true`).catch(() => undefined);
        await sql(adminDatabaseUrl!, `DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
      });
      const url = new URL(adminDatabaseUrl);
      url.pathname = `/${databaseName}`;
      databaseUrl = url.toString();
      dbEnv.DATABASE_URL = databaseUrl;
    } else {
      databaseName = join(settings.logDir, 'pglite');
      mkdirSync(databaseName, { recursive: true });
      dbEnv.PGLITE_DATA_DIR = databaseName;
    }

    const common = {
      ...settings.serviceDefaults,
      KAFKA_BROKERS: kafka.bootstrap,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'warn',
    };
    const producer = new ServiceProcess({
      name: 'producer',
      app: 'producer',
      root: settings.root,
      env: { ...common, ...needs.producerEnv },
      logFile: join(settings.logDir, 'producer.log'),
      readyPath: '/health/ready',
    });
    const consumers: ServiceProcess[] = [];
    cleanups.push(async () => {
      await Promise.all([producer, ...consumers].map((s) => s.stop()));
    });
    await producer.start();

    const addConsumer = async (options: ConsumerStartOptions = {}) => {
      const consumer = new ServiceProcess({
        name: `consumer-${consumers.length + 1}`,
        app: 'consumer',
        root: settings.root,
        env: { ...common, ...settings.consumerDefaults, KAFKA_GROUP_ID: group, ...dbEnv, ...needs.consumerEnv, ...options.env },
        logFile: join(settings.logDir, `consumer-${consumers.length + 1}.log`),
        wrap: options.wrap,
        readyPath: '/health/ready',
        beforeEnd: settings.beforeConsumerEnds,
      });
      consumers.push(consumer);
      await consumer.start();
      return consumer;
    };
    for (let i = 0; i < needs.consumers; i++) await addConsumer();

    return {
      kafka,
      bootstrap: kafka.bootstrap,
      topicPrefix,
      topic,
      deadLetterTopic: deadLetterTopicFor(topic, group),
      group,
      databaseUrl,
      adminDatabaseUrl,
      databaseName,
      producer,
      consumers,
      addConsumer,
      teardown,
    };
  } catch (error) {
    await teardown();
    throw error;
  }
}

/** Runs one statement on its own connection. */
export async function sql(url: string, statement: string, params: unknown[] = []): Promise<{ rows: any[] }> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await client.query(statement, params);
  } finally {
    await client.end();
  }
}
