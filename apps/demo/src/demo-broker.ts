import { dirname, join } from 'node:path';
// The demo runner is a plain script run by tsx, outside the Nest build, so it reaches the
// local-broker library by path.
import { withHeartbeat } from './heartbeat';
import { installKafkaJars, kafkaJarsInstalled, LocalKafka, startLocalKafka } from '../../../libs/local-broker/src';

/**
 * Starts (or finds running) the demo's own local broker, named after its port so demos on other
 * ports never share one, saying what it waits for: Maven fetches the jars on a first run only.
 */
export async function startDemoBroker(port: number, say: (message: string) => void): Promise<LocalKafka> {
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
  return kafka;
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
