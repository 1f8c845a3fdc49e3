import { dirname, join } from 'node:path';
import { Admin, Kafka, logLevel } from 'kafkajs';
// The demo runner is a plain script run by tsx, outside the Nest build, so it reaches the
// local-broker library by path.
import { installKafkaJars, kafkaJarsInstalled, LocalKafka, startLocalKafka } from '../../../libs/local-broker/src';
import { withHeartbeat } from './heartbeat';

const COORDINATOR_TIMEOUT_MS = 180_000;

/**
 * Starts (or finds running) the demo's own local broker, named after its port so demos on other
 * ports never share one, and waits until it can coordinate the consumer's group; says what it
 * waits for: Maven fetches the jars on a first run only.
 */
export async function startDemoBroker(port: number, groupId: string, say: (message: string) => void): Promise<LocalKafka> {
  if (!kafkaJarsInstalled()) {
    say('fetching the Kafka jars with Maven (first run only, about 54 MB) …');
    const started = Date.now();
    await withHeartbeat(say, 'fetching the Kafka jars with Maven', installKafkaJars());
    say(`Kafka jars in place (${seconds(started)})`);
  }
  say(`KAFKA_BROKERS is not set: starting a local Kafka broker on 127.0.0.1:${port} …`);
  const started = Date.now();
  const kafka = await withHeartbeat(say, 'starting the Kafka broker', startLocalKafka({ name: `demo-${port}`, port }));
  say(`Kafka at ${kafka.bootstrap} (${seconds(started)})`);
  try {
    await awaitGroupCoordinator(kafka.bootstrap, groupId, say);
  } catch (error) {
    await kafka.stop();
    throw error;
  }
  return kafka;
}

/**
 * Waits until the broker can coordinate `groupId`. A fresh broker creates its offsets topic (50
 * partitions) on the first coordinator lookup and loads it; on a loaded machine that outlasted the
 * consumer's own lookups, and kafkajs does not restart a consumer that could not find its
 * coordinator. Asking here first means the consumer joins at once.
 */
async function awaitGroupCoordinator(bootstrap: string, groupId: string, say: (message: string) => void): Promise<void> {
  say('waiting for the broker to coordinate consumer groups (a fresh broker creates its offsets topic first) …');
  const started = Date.now();
  const admin = new Kafka({ clientId: 'streamline-demo', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await withHeartbeat(say, 'waiting for the group coordinator', describeUntilAnswered(admin, groupId));
  } finally {
    await admin.disconnect();
  }
  say(`group coordinator ready (${seconds(started)})`);
}

async function describeUntilAnswered(admin: Admin, groupId: string): Promise<void> {
  const deadline = Date.now() + COORDINATOR_TIMEOUT_MS;
  while (
    !(await admin.describeGroups([groupId]).then(
      () => true,
      () => false,
    ))
  ) {
    if (Date.now() > deadline) throw new Error(`Kafka could not coordinate consumer groups within ${COORDINATOR_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * The consumer's read model kept in the broker's own folder: removed with the broker's data, so
 * a fresh broker means a fresh read model, and a broker left running keeps the rows of its events.
 */
export function readModelDirOf(kafka: LocalKafka): string {
  return join(dirname(kafka.logFile(0)), 'demo-read-model');
}

export function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
