import { VALUE_BYTES } from '../support/bench-records';
import { BenchTopics, PARTITIONS } from '../support/bench-broker';
import { consumerParams } from './consumer-params';
import { measureInterleaved, Scenario } from './scenario';

/**
 * V8 lets the heap grow far before collecting on a machine with memory to spare; a container
 * limit (or this flag) makes it collect sooner. The consumer runs both ways.
 */
const HEAP_CAP_MB = 128;

/** Peak RSS of a Streamline consumer draining a large and a smaller backlog. */
export const memoryScenario: Scenario = async (context) => {
  const { plan } = context;
  const topics = new BenchTopics(context.brokers, context.prefix(''));
  const [large, small] = plan.memoryCounts;
  const prefixes = { large: context.prefix('memory-large.'), small: context.prefix('memory-small.') };
  try {
    context.log(`  preparing ${large.toLocaleString('en-US')} and ${small.toLocaleString('en-US')} records`);
    await topics.prepare(prefixes.large, large, 10_000);
    await topics.prepare(prefixes.small, small, 10_000);
    // The same consumer on two backlogs, at V8's defaults and with the old generation capped as a
    // container's memory limit would have it set; named apart in the summary.
    const run = async (label: string, prefix: string, count: number, tag: string, nodeArgs: string[]) =>
      (
        await measureInterleaved(
          context,
          [{ name: 'streamline-consumer', label }],
          async (_entry, rep) => consumerParams(context, prefix, count, 10_000, 0, `memory-${tag}-${rep}`),
          (r) => r.peakRssMb,
          [...plan.nodeArgs, ...nodeArgs],
          plan.longReps,
        )
      )[0];
    const capped = [`--max-old-space-size=${HEAP_CAP_MB}`];
    const largeRun = await run(`Streamline consumer, ${large.toLocaleString('en-US')} backlog`, prefixes.large, large, 'large', []);
    const smallRun = await run(`Streamline consumer, ${small.toLocaleString('en-US')} backlog`, prefixes.small, small, 'small', []);
    const largeCapped = await run(
      `Streamline consumer, ${large.toLocaleString('en-US')} backlog, --max-old-space-size=${HEAP_CAP_MB}`,
      prefixes.large,
      large,
      'large-capped',
      capped,
    );
    const smallCapped = await run(
      `Streamline consumer, ${small.toLocaleString('en-US')} backlog, --max-old-space-size=${HEAP_CAP_MB}`,
      prefixes.small,
      small,
      'small-capped',
      capped,
    );
    // For reference: what kafkajs alone (eachBatch, counting) peaks at on the large backlog.
    const reference = await measureInterleaved(
      context,
      [{ name: 'kafkajs-consumer', label: `raw kafkajs eachBatch (reference), ${large.toLocaleString('en-US')} backlog` }],
      async (_entry, rep) => consumerParams(context, prefixes.large, large, 10_000, 0, `memory-kafkajs-${rep}`),
      (r) => r.peakRssMb,
      plan.nodeArgs,
      plan.longReps,
    );
    const contenders = [
      { ...largeRun, name: `streamline-consumer-${large}` },
      { ...smallRun, name: `streamline-consumer-${small}` },
      { ...largeCapped, name: `streamline-consumer-${large}-capped` },
      { ...smallCapped, name: `streamline-consumer-${small}-capped` },
      { ...reference[0], name: `kafkajs-consumer-${large}` },
    ];
    const peakLarge = largeRun.summary.median;
    const growth = peakLarge / smallRun.summary.median;
    const peakCapped = largeCapped.summary.median;
    const growthCapped = peakCapped / smallCapped.summary.median;
    return {
      id: 'memory',
      title: 'Memory: consumer draining a backlog (peak RSS)',
      unit: 'MB',
      higherIsBetter: false,
      setup: { counts: plan.memoryCounts, valueBytes: VALUE_BYTES, partitions: PARTITIONS, heapCapMb: HEAP_CAP_MB },
      contenders,
      targets: [
        { description: `peak RSS at ${large.toLocaleString('en-US')} (MB)`, value: peakLarge, target: '< 300', met: peakLarge < 300 },
        { description: `peak RSS ${large.toLocaleString('en-US')} / ${small.toLocaleString('en-US')}`, value: growth, target: '≤ 1.10', met: growth <= 1.1 },
        {
          description: `peak RSS at ${large.toLocaleString('en-US')}, old generation capped at ${HEAP_CAP_MB} MB (MB)`,
          value: peakCapped,
          target: '< 300',
          met: peakCapped < 300,
        },
        {
          description: `peak RSS ${large.toLocaleString('en-US')} / ${small.toLocaleString('en-US')}, capped`,
          value: growthCapped,
          target: '≤ 1.10',
          met: growthCapped <= 1.1,
        },
      ],
    };
  } finally {
    await topics.close();
  }
};
