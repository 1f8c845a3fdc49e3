import { join } from 'node:path';
import { hideKafkajsTimerWarning, type LocalKafka } from '../../../libs/local-broker/src';
import { buildApps, DemoApp, staleApps } from './app-build';
import { readModelDirOf, seconds, startDemoBroker } from './demo-broker';
import { parseDemoOptions, USAGE, wantsHelp } from './demo-options';
import { withHeartbeat } from './heartbeat';
import { LiveLine } from './live-line';
import { SampleTraffic } from './sample-traffic';
import { ServiceProcess, startService, StartupStage } from './service-process';

const ROOT = join(__dirname, '..', '..', '..');
const APPS: DemoApp[] = ['consumer', 'producer'];
const out = new LiveLine();
const say = (message: string) => out.say(message);

/**
 * `npm run demo`: builds the producer and consumer if their sources changed, starts a local
 * broker (unless KAFKA_BROKERS is set) meanwhile, then both services, posts sample orders at a
 * steady rate and shows a live line of counts. Ctrl-C stops it all.
 */
async function main(): Promise<number> {
  hideKafkajsTimerWarning();
  const argv = process.argv.slice(2);
  if (wantsHelp(argv)) {
    console.log(USAGE);
    return 0;
  }
  const options = parseDemoOptions(argv);
  const started = Date.now();
  const external = process.env.KAFKA_BROKERS || undefined;
  const [built, broker] = await Promise.allSettled([
    buildIfStale(),
    external ? Promise.resolve(undefined) : startDemoBroker(options.kafkaPort, process.env.KAFKA_GROUP_ID || 'streamline-consumer', say),
  ]);
  const kafka = broker.status === 'fulfilled' ? broker.value : undefined;
  const services: ServiceProcess[] = [];
  const stopAll = async () => {
    await Promise.all(services.map((s) => s.stop()));
    if (kafka) {
      say('stopping the local broker …');
      await kafka.stop();
    }
  };
  if (built.status === 'rejected' || broker.status === 'rejected') {
    await stopAll();
    throw built.status === 'rejected' ? built.reason : (broker as PromiseRejectedResult).reason;
  }
  const brokers = external ?? kafka!.bootstrap;
  if (external) say(`Kafka at ${brokers} (KAFKA_BROKERS)`);

  say('starting the consumer and the producer …');
  const servicesStarted = Date.now();
  const env = { KAFKA_BROKERS: brokers, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', ...readModelEnv(kafka) };
  const stages: Record<DemoApp, StartupStage> = { consumer: 'starting', producer: 'starting' };
  const startups = await withHeartbeat(
    say,
    () => `starting services: ${APPS.map((app) => `${app} ${stages[app]}`).join(', ')}`,
    Promise.allSettled(
      APPS.map((app) => {
        const port = app === 'consumer' ? options.consumerPort : options.producerPort;
        return startService(ROOT, app, port, env, (stage) => (stages[app] = stage));
      }),
    ),
  );
  for (const s of startups) if (s.status === 'fulfilled') services.push(s.value);
  const failed = startups.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  const [consumer, producer] = services;
  say(`services ready (${seconds(servicesStarted)})`);
  say(`producer ${producer.url} (log ${producer.logFile})`);
  say(`consumer ${consumer.url} (log ${consumer.logFile})`);
  say(`try: curl ${consumer.url}/orders/<orderId>   ·   API docs: ${producer.url}/docs   ·   Ctrl-C stops everything`);

  const traffic = new SampleTraffic(producer.url, consumer.url, options.rate);
  const trafficStarted = Date.now();
  let firstSeen = false;
  traffic.start();
  const line = (final = false) => {
    const c = traffic.counts;
    if (!firstSeen && c.inReadModel > 0) {
      firstSeen = true;
      say(`first order in the read model ${seconds(started)} after start`);
    }
    const elapsed = Math.max((Date.now() - trafficStarted) / 1000, 0.001);
    out.show(
      `${elapsed.toFixed(0).padStart(4)}s  posted ${c.sent} (${(c.sent / elapsed).toFixed(1)}/s)  accepted ${c.accepted}` +
        `  in read model ${c.inReadModel}  rejected ${c.rejected}  503 ${c.unavailable}  failed ${c.failed}`,
      final,
    );
  };
  const ticker = setInterval(line, 1000);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    if (options.durationSec > 0) setTimeout(resolve, options.durationSec * 1000);
  });
  clearInterval(ticker);
  say('stopping: no new orders, waiting for the ones posted …');
  await traffic.stop();
  const drained = await traffic.drain(15_000);
  line(true);
  const c = traffic.counts;
  say(
    drained
      ? `all ${c.accepted} accepted orders reached the read model`
      : `${c.accepted - c.inReadModel} of ${c.accepted} accepted orders had not reached the read model yet`,
  );
  say(`read model: ${await describeReadModel(consumer.url)}`);
  await stopAll();
  say('stopped');
  return drained && c.failed === 0 ? 0 : 1;
}

async function buildIfStale(): Promise<void> {
  const stale = staleApps(ROOT, APPS);
  if (stale.length === 0) {
    say('producer and consumer builds are current');
    return;
  }
  say(`building ${stale.join(' and ')} (sources changed since the last build) …`);
  const started = Date.now();
  await withHeartbeat(say, `building ${stale.join(' and ')}`, buildApps(ROOT, stale));
  say(`built ${stale.join(' and ')} (${seconds(started)})`);
}

/**
 * Where the consumer keeps its read model: beside the broker the demo started, or in memory for
 * a broker it did not start; a database chosen in the environment is left as it is.
 */
function readModelEnv(kafka: LocalKafka | undefined): NodeJS.ProcessEnv {
  if (process.env.DATABASE_URL || process.env.PGLITE_DATA_DIR) return {};
  return { PGLITE_DATA_DIR: kafka ? readModelDirOf(kafka) : 'memory' };
}

/** The read model's own count (`GET /orders/stats`, a SQL count per status). */
async function describeReadModel(consumerUrl: string): Promise<string> {
  try {
    const stats = (await (await fetch(`${consumerUrl}/orders/stats`)).json()) as Record<string, number>;
    const { total, ...byStatus } = stats;
    return `${total} orders (${Object.entries(byStatus)
      .map(([status, n]) => `${status} ${n}`)
      .join(', ')})`;
  } catch (error) {
    return `stats not available (${error instanceof Error ? error.message : error})`;
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[demo] ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
