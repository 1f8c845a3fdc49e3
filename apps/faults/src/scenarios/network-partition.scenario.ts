import { readFileSync } from 'node:fs';
import { CommittedOffsetWatch, OffsetRegression } from '../net/committed-offset-watch';
import { describeStableGroup } from '../net/group-view';
import { ISOLATED_CLIENT_HOST, startIsolatedConsumer } from '../net/isolated-consumer';
import { Scenario } from '../scenario';

/** What a member that lost its partitions is told when it commits or heartbeats anyway. */
const REJECTED_AS_STALE = /not aware of this member|generation id is not valid|UNKNOWN_MEMBER_ID|ILLEGAL_GENERATION|REBALANCE_IN_PROGRESS/g;

/**
 * One replica is cut off from the brokers (not from its database) while it owns partitions. The
 * group hands them to the other replica after the session timeout; the cut-off one keeps running
 * as a zombie, finishing what it fetched, until the link heals and it rejoins. The idempotency
 * guard must absorb whatever both applied, and the zombie must not commit for partitions it lost.
 */
export const networkPartition: Scenario = {
  name: 'network-partition',
  title: 'one of two consumer replicas cut off from the brokers (blackhole route in its network namespace) for longer than its session, then healed',
  needs: { brokers: 1, database: 'postgres', consumers: 1 },
  inShort: false,
  run: async (ctx) => {
    const isolated = await startIsolatedConsumer(ctx.stack, (line) => ctx.log(line));
    const { bootstrap, group, topic } = ctx.stack;
    const members = async () => (await describeStableGroup(bootstrap, group, topic))?.length ?? -1;
    const watch = new CommittedOffsetWatch(bootstrap, group, topic, async (partition) => {
      const holder = (await describeStableGroup(bootstrap, group, topic))?.find((m) => m.partitions.includes(partition));
      return holder ? (holder.clientHost.endsWith(ISOLATED_CLIENT_HOST) ? 'the healed zombie' : 'the replica on the host') : 'nobody (rebalancing)';
    });
    const marks: Record<string, number> = {};
    try {
      await ctx.waitFor('both replicas in the group', async () => (await members()) === 2, 120_000);
      await watch.start();
      const load = ctx.short ? { seconds: 70, eventsPerSecond: 50 } : { seconds: 100, eventsPerSecond: 100 };
      const counts = await ctx.underLoad(load, async () => {
        await ctx.sleep(ctx.short ? 8000 : 15_000, 'load across both replicas');
        ctx.log(`cutting ${isolated.replica.name} off from the brokers`);
        await isolated.cutFromBrokers();
        marks.cut = Date.now();
        await ctx.waitFor('the cut-off replica dropped from the group', async () => (await members()) === 1, 120_000);
        marks.evicted = Date.now();
        ctx.log(`${isolated.replica.name} left the group ${seconds(marks.evicted - marks.cut)} after the cut; it still runs: ${isolated.replica.running}`);
        await ctx.sleep(ctx.short ? 10_000 : 20_000, 'zombie running without its partitions');
        await isolated.healBrokers();
        marks.healed = Date.now();
        ctx.log('link healed');
        await ctx.waitFor('the healed replica back in the group', async () => (await members()) === 2, 120_000);
        marks.rejoined = Date.now();
      });
      await watch.stop();
      const rejected = readFileSync(isolated.replica.logFile, 'utf8').match(REJECTED_AS_STALE)?.length ?? 0;
      counts.notes.push(
        `partition: dropped from the group ${seconds(marks.evicted! - marks.cut!)} after the cut, cut for ${seconds(marks.healed! - marks.cut!)}, ` +
          `back in the group ${seconds(marks.rejoined! - marks.healed!)} after healing; zombie ran throughout: ${isolated.replica.running}`,
        `committed offsets moved backwards ${watch.regressions.length} times${regressions(watch.regressions, marks.healed!)}; ` +
          `the zombie was told ${rejected} times that its membership or generation was stale`,
      );
      return counts;
    } finally {
      await watch.stop().catch(() => undefined);
      await isolated.close();
    }
  },
};

function regressions(list: OffsetRegression[], healedAt: number): string {
  if (list.length === 0) return '';
  const shown = list.map((r) => `p${r.partition} ${r.from}→${r.to} ${seconds(r.at - healedAt)} after healing, held by ${r.heldBy ?? 'unknown'}`);
  return ` (${shown.join('; ')})`;
}

function seconds(ms: number): string {
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'never';
}
