import { Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { BenchTopics, PARTITIONS } from '../support/bench-broker';
import { benchEvents, benchKeys, encodeBenchEvents } from '../support/bench-records';
import { HandlingWatch } from '../support/handling-watch';
import { ServiceProcess, startService } from '../support/service-process';
import { summarize } from '../support/stats';
import { ContenderSummary, Scenario, ScenarioContext, TargetResult } from './scenario';

/** A way of keeping a group: client library, protocol, static membership. */
interface Variant {
  name: string;
  label: string;
  env: Record<string, string>;
  staticMembers: boolean;
}

const VARIANTS: Variant[] = [
  { name: 'classic-eager', label: 'kafkajs, classic protocol (eager rebalance)', env: { KAFKA_CLIENT: 'kafkajs' }, staticMembers: false },
  { name: 'classic-platformatic', label: '@platformatic/kafka, classic protocol', env: { KAFKA_CLIENT: 'platformatic' }, staticMembers: false },
  { name: 'static', label: '@platformatic/kafka, classic + static membership (KIP-345)', env: { KAFKA_CLIENT: 'platformatic' }, staticMembers: true },
  {
    name: 'kip848',
    label: '@platformatic/kafka, consumer protocol (KIP-848)',
    env: { KAFKA_CLIENT: 'platformatic', KAFKA_GROUP_PROTOCOL: 'consumer' },
    staticMembers: false,
  },
];

const RATE = 200;

/** What one run of a variant measured, ms. */
interface PauseRun {
  /** Longest stretch without a handled event on a member, in steady state: the measuring floor. */
  steady: number;
  /** Longest pause of the members already there while a third one joins. */
  join: number;
  /** Longest pause of the other members while one is restarted (SIGTERM, started again): a rolling deploy's step. */
  restart: number;
}

/**
 * Stop-the-world pauses of a consumer group under a steady stream (200 events/s, 6 partitions):
 * a member joins, then one is restarted as a rolling deploy does. Each member's handled-events
 * counter is sampled every 50 ms; a pause is the longest stretch a member that stayed handled
 * nothing. Classic eager rebalancing stops every member at every change; static membership
 * keeps a restarted member's partitions without a rebalance; KIP-848 moves only the partitions
 * that change owner.
 */
export const membershipPauseScenario: Scenario = async (context) => {
  const topics = new BenchTopics(context.brokers, context.prefix(''));
  const runs = new Map<string, PauseRun[]>(VARIANTS.map((v) => [v.name, []]));
  try {
    for (let rep = 0; rep < context.plan.longReps || rep < 1; rep++) {
      for (const variant of VARIANTS) {
        const run = await measureVariant(context, topics, variant, rep);
        context.log(`  ${variant.label} #${rep + 1}: steady ${run.steady} ms, join ${run.join} ms, restart ${run.restart} ms`);
        runs.get(variant.name)!.push(run);
      }
    }
  } finally {
    await topics.close();
  }
  const contenders: ContenderSummary[] = VARIANTS.flatMap((v) =>
    (['join', 'restart'] as const).map((phase) => ({
      name: `${v.name}/${phase}`,
      label: `${v.label}: ${phase === 'join' ? 'a member joins' : 'a member restarts'}`,
      summary: summarize(runs.get(v.name)!.map((r) => r[phase])),
      results: runs.get(v.name)!.map((r) => ({ count: 0, seconds: r[phase] / 1000, rate: 0, peakRssMb: 0, details: { ...r } })),
      note: `steady floor ${summarize(runs.get(v.name)!.map((r) => r.steady)).median} ms`,
    })),
  );
  const median = (name: string) => contenders.find((c) => c.name === name)!.summary.median;
  const targets: TargetResult[] = (['join', 'restart'] as const).map((phase) => {
    const best = Math.min(median(`static/${phase}`), median(`kip848/${phase}`));
    const value = median(`classic-eager/${phase}`) / Math.max(best, 1);
    return { description: `classic eager / best of static membership and KIP-848, ${phase}`, value, target: '≥ 5', met: value >= 5 };
  });
  return {
    id: 'membership-pause',
    title: 'Group changes under a steady stream: longest pause of the members that stay',
    unit: 'ms',
    higherIsBetter: false,
    setup: { rate: RATE, partitions: PARTITIONS, members: '2, then a third joins, then one restarts', sampleMs: 50, settleMs: context.plan.pauseSettleMs },
    contenders,
    targets,
  };
};

async function measureVariant(context: ScenarioContext, topics: BenchTopics, variant: Variant, rep: number): Promise<PauseRun> {
  const prefix = context.prefix(`pause-${variant.name}-${rep}.`);
  await topics.create(prefix);
  const stream = await SteadyStream.start(context.brokers, `${prefix}orders`);
  const settle = () => sleep(context.plan.pauseSettleMs);
  const watch = new HandlingWatch();
  const members = new Map<string, ServiceProcess>();
  const start = async (name: string, instance: string) => {
    const member = await startService('consumer', {
      ...variant.env,
      KAFKA_BROKERS: context.brokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}group`,
      PGLITE_DATA_DIR: 'memory',
      CONSUMER_RETRY_DELAYS_MS: 'none',
      ...(variant.staticMembers ? { KAFKA_GROUP_INSTANCE_ID: instance } : {}),
    });
    members.set(name, member);
    watch.watch(name, member.url);
  };
  try {
    const step = (what: string) => context.log(`    ${variant.name}: ${what}`);
    await Promise.all([start('a', 'member-a'), start('b', 'member-b')]);
    step('two members ready');
    watch.start();
    await settle();
    const steadyFrom = Date.now();
    await settle();
    const joinFrom = Date.now();
    await start('c', 'member-c');
    step('third member ready');
    await settle();
    const restartFrom = Date.now();
    await members.get('b')!.stop();
    step('member b stopped');
    await start('b2', 'member-b');
    step('member b back');
    await settle();
    const end = Date.now();
    return {
      steady: Math.max(watch.longestGap('a', steadyFrom, joinFrom), watch.longestGap('b', steadyFrom, joinFrom)),
      join: Math.max(watch.longestGap('a', joinFrom, restartFrom), watch.longestGap('b', joinFrom, restartFrom)),
      restart: Math.max(watch.longestGap('a', restartFrom, end), watch.longestGap('c', restartFrom, end)),
    };
  } finally {
    watch.stop();
    await stream.stop();
    await Promise.all([...members.values()].map((m) => m.stop()));
  }
}

/** Valid order events at a fixed rate on many keys, from a plain kafkajs producer. */
class SteadyStream {
  private timer?: NodeJS.Timeout;
  private sent = 0;
  private sending?: Promise<unknown>;

  private constructor(
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  static async start(brokers: string[], topic: string): Promise<SteadyStream> {
    const kafka = new Kafka({ clientId: 'bench-steady', brokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const stream = new SteadyStream(producer, topic);
    // A fresh order per event: every event is a valid first `placed` for the read model.
    const keys = benchKeys(RATE * 600);
    const perTick = RATE / 20;
    stream.timer = setInterval(() => {
      if (stream.sending) return;
      const messages = encodeBenchEvents(benchEvents(perTick, keys, stream.sent), { validate: false });
      stream.sent += perTick;
      stream.sending = producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages }] }).finally(() => (stream.sending = undefined));
    }, 50);
    return stream;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sending?.catch(() => undefined);
    await this.producer.disconnect();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
