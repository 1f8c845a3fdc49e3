import { join } from 'node:path';
// The demo runner is a plain script run by tsx, outside the Nest build, so it reaches the
// local-broker library by path.
import { startLocalKafka, LocalKafka } from '../../../libs/local-broker/src';
import { parseDemoOptions } from './demo-options';
import { SampleTraffic } from './sample-traffic';
import { ServiceProcess, startService } from './service-process';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * `npm run demo`: a local broker (unless KAFKA_BROKERS is set), the producer and consumer
 * services, sample orders at a steady rate and a live line of counts. Ctrl-C stops it all.
 */
async function main(): Promise<number> {
  const options = parseDemoOptions(process.argv.slice(2));
  let kafka: LocalKafka | undefined;
  const services: ServiceProcess[] = [];
  let brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    say(`KAFKA_BROKERS is not set: starting a local Kafka broker on 127.0.0.1:${options.kafkaPort} …`);
    kafka = await startLocalKafka({ name: 'demo', port: options.kafkaPort });
    brokers = kafka.bootstrap;
  }
  say(`Kafka at ${brokers}`);

  const stopAll = async () => {
    await Promise.all(services.map((s) => s.stop()));
    if (kafka) {
      say('stopping the local broker …');
      await kafka.stop();
    }
  };
  try {
    const env = { KAFKA_BROKERS: brokers, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' };
    services.push(await startService(ROOT, 'consumer', options.consumerPort, env));
    services.push(await startService(ROOT, 'producer', options.producerPort, env));
  } catch (error) {
    await stopAll();
    throw error;
  }
  const [consumer, producer] = services;
  say(`producer ${producer.url} (log ${producer.logFile})`);
  say(`consumer ${consumer.url} (log ${consumer.logFile})`);
  say(`try: curl ${consumer.url}/orders/<orderId>   ·   API docs: ${producer.url}/docs   ·   Ctrl-C stops everything\n`);

  const traffic = new SampleTraffic(producer.url, consumer.url, options.rate);
  const started = Date.now();
  traffic.start();
  const line = () => {
    const c = traffic.counts;
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const text =
      `${seconds.toFixed(0).padStart(4)}s  posted ${c.sent} (${(c.sent / seconds).toFixed(1)}/s)  accepted ${c.accepted}` +
      `  in read model ${c.inReadModel}  rejected ${c.rejected}  503 ${c.unavailable}  failed ${c.failed}`;
    if (process.stdout.isTTY) process.stdout.write(`\r${text}\x1b[K`);
    else console.log(text);
  };
  const ticker = setInterval(line, 1000);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    if (options.durationSec > 0) setTimeout(resolve, options.durationSec * 1000);
  });
  clearInterval(ticker);
  if (process.stdout.isTTY) process.stdout.write('\n');
  say('stopping: no new orders, waiting for the ones posted …');
  await traffic.stop();
  const drained = await traffic.drain(15_000);
  line();
  const c = traffic.counts;
  say(
    drained
      ? `all ${c.accepted} accepted orders reached the read model`
      : `${c.accepted - c.inReadModel} of ${c.accepted} accepted orders had not reached the read model yet`,
  );
  await stopAll();
  say('stopped');
  return drained && c.failed === 0 ? 0 : 1;
}

function say(message: string): void {
  console.log(`[demo] ${message}`);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[demo] ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
