import { GenericContainer, StartedTestContainer, Wait } from 'testcontainers';
import { freePort } from './app-process';
import { KAFKA_IMAGE } from './test-broker';

/**
 * A single KRaft broker from the official apache/kafka image, for KAFKA_TEST_RUNTIME=docker.
 * testcontainers' Kafka module drives Confluent's images (it runs their start scripts), so the
 * official image is started as a generic container with the same settings as docker-compose.yml.
 * The host port is fixed before start because the broker must advertise the address clients use.
 */
export async function startDockerKafka(): Promise<{ bootstrap: string; container: StartedTestContainer }> {
  const port = await freePort();
  const container = await new GenericContainer(KAFKA_IMAGE)
    .withExposedPorts({ container: port, host: port })
    .withEnvironment({
      CLUSTER_ID: 'c3RyZWFtbGluZS10ZXN0cw',
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
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
      KAFKA_NUM_PARTITIONS: '6',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_HEAP_OPTS: '-Xms512m -Xmx512m',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(120_000)
    .start();
  return { bootstrap: `localhost:${port}`, container };
}
