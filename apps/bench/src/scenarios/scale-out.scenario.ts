import { ContenderResult } from '../contenders/contender';
import { BenchTopics, PARTITIONS } from '../support/bench-broker';
import { runGroup } from '../support/group-members';
import { summarize } from '../support/stats';
import { consumerParams } from './consumer-params';
import { ContenderSummary, Scenario, TargetResult } from './scenario';

/**
 * Scale-out: the same backlog drained by 1, 2, 3 and 6 Streamline consumer processes in one group
 * (6 partitions, the I/O-bound handler, keyConcurrency 1, so a process handles one record per
 * partition at a time), throughput per process count and its ratio to N × one process.
 */
export const scaleOutScenario: Scenario = async (context) => {
  const { plan } = context;
  const topics = new BenchTopics(context.brokers, context.prefix(''));
  try {
    const topicPrefix = context.prefix('scale.');
    await topics.prepare(topicPrefix, plan.scaleOutCount, plan.ioKeys);
    const runs = new Map<number, ContenderResult[]>(plan.scaleOutMembers.map((n) => [n, []]));
    for (let rep = 0; rep < plan.reps; rep++) {
      for (const members of plan.scaleOutMembers) {
        const params = {
          ...consumerParams(context, topicPrefix, plan.scaleOutCount, plan.ioKeys, plan.ioDelayMs, `scale-${members}-${rep}`),
          keyConcurrency: 1,
        };
        const run = await runGroup(members, params, plan.nodeArgs);
        context.log(
          `  ${members} process(es) #${rep + 1}: ${Math.round(run.rate).toLocaleString('en-US')} records/s (${run.handled} in ${run.seconds.toFixed(2)} s, per process ${run.perMember.join(' / ')}${run.orderViolations ? `, ${run.orderViolations} ORDER VIOLATIONS` : ''})`,
        );
        runs.get(members)!.push({
          count: run.handled,
          seconds: run.seconds,
          rate: run.rate,
          peakRssMb: 0,
          orderViolations: run.orderViolations,
          details: { perMember: run.perMember },
        });
      }
    }
    const contenders: ContenderSummary[] = plan.scaleOutMembers.map((n) => ({
      name: `streamline-${n}-processes`,
      label: `${n} Streamline consumer process${n > 1 ? 'es' : ''}, one group`,
      summary: summarize(runs.get(n)!.map((r) => r.rate)),
      results: runs.get(n)!,
    }));
    const single = contenders[0].summary.median;
    const targets: TargetResult[] = plan.scaleOutMembers.slice(1).map((n, i) => {
      const value = contenders[i + 1].summary.median / (n * single);
      return { description: `${n} processes / (${n} × 1 process)`, value, target: '≥ 0.8', met: value >= 0.8 };
    });
    const violations = [...runs.values()].flat().reduce((n, r) => n + (r.orderViolations ?? 0), 0);
    targets.push({ description: 'per-key order violations', value: violations, target: '= 0', met: violations === 0 });
    return {
      id: 'scale-out',
      title: `Scale-out: one backlog, 1–${Math.max(...plan.scaleOutMembers)} consumer processes in one group (${plan.ioDelayMs} ms handler, keyConcurrency 1)`,
      unit: 'records/s',
      higherIsBetter: true,
      setup: {
        count: plan.scaleOutCount,
        keys: plan.ioKeys,
        partitions: PARTITIONS,
        handlerDelayMs: plan.ioDelayMs,
        keyConcurrency: 1,
        members: plan.scaleOutMembers,
      },
      contenders,
      targets,
    };
  } finally {
    await topics.close();
  }
};
