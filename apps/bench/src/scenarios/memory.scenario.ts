import { VALUE_BYTES } from '../support/bench-records';
import { BenchTopics, PARTITIONS } from '../support/bench-broker';
import { consumerParams } from './consumer-params';
import { measureInterleaved, Scenario } from './scenario';

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
    // The same consumer on two backlogs, named apart in the summary.
    const largeRuns = await measureInterleaved(
      context, [{ name: 'streamline-consumer', label: `Streamline consumer, ${large.toLocaleString('en-US')} backlog` }],
      async (_entry, rep) => consumerParams(context, prefixes.large, large, 10_000, 0, `memory-large-${rep}`),
      (r) => r.peakRssMb, plan.nodeArgs, plan.longReps,
    );
    const smallRuns = await measureInterleaved(
      context, [{ name: 'streamline-consumer', label: `Streamline consumer, ${small.toLocaleString('en-US')} backlog` }],
      async (_entry, rep) => consumerParams(context, prefixes.small, small, 10_000, 0, `memory-small-${rep}`),
      (r) => r.peakRssMb, plan.nodeArgs, plan.longReps,
    );
    // For reference: what kafkajs alone (eachBatch, counting) peaks at on the large backlog.
    const reference = await measureInterleaved(
      context, [{ name: 'kafkajs-consumer', label: `raw kafkajs eachBatch (reference), ${large.toLocaleString('en-US')} backlog` }],
      async (_entry, rep) => consumerParams(context, prefixes.large, large, 10_000, 0, `memory-kafkajs-${rep}`),
      (r) => r.peakRssMb, plan.nodeArgs, plan.longReps,
    );
    const contenders = [
      { ...largeRuns[0], name: `streamline-consumer-${large}` },
      { ...smallRuns[0], name: `streamline-consumer-${small}` },
      { ...reference[0], name: `kafkajs-consumer-${large}` },
    ];
    const peakLarge = largeRuns[0].summary.median;
    const growth = peakLarge / smallRuns[0].summary.median;
    return {
      id: 'memory',
      title: 'Memory: consumer draining a backlog (peak RSS)',
      unit: 'MB',
      higherIsBetter: false,
      setup: { counts: plan.memoryCounts, valueBytes: VALUE_BYTES, partitions: PARTITIONS },
      contenders,
      targets: [
        { description: `peak RSS at ${large.toLocaleString('en-US')} (MB)`, value: peakLarge, target: '< 300', met: peakLarge < 300 },
        { description: `peak RSS ${large.toLocaleString('en-US')} / ${small.toLocaleString('en-US')}`, value: growth, target: '≤ 1.10', met: growth <= 1.1 },
      ],
    };
  } finally {
    await topics.close();
  }
};
