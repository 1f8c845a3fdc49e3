import { restartBrokerAndWait } from '../stack/broker-restart';
import { busiestLeader } from '../stack/partition-leaders';
import { Scenario } from '../scenario';
import { loadFor } from './load-size';

/** The broker leading most partitions of the orders topic dies without a word, five times (twice with --short). */
export const leaderSigkill: Scenario = {
  name: 'leader-sigkill',
  title: 'SIGKILL of the busiest partition leader ×5 under load, each restarted on its data (3 brokers)',
  needs: { brokers: 3, database: 'postgres', consumers: 2 },
  inShort: true,
  run: (ctx) =>
    ctx.underLoad(loadFor(ctx, 100, 40), async () => {
      const { kafka, bootstrap, topic } = ctx.stack;
      const rounds = ctx.short ? 2 : 5;
      for (let round = 1; round <= rounds; round++) {
        await ctx.sleep(ctx.short ? 5000 : 8000, `load before kill ${round}/${rounds}`);
        const leader = await busiestLeader(bootstrap, topic);
        ctx.log(`kill ${round}/${rounds}: SIGKILL broker ${leader}`);
        await kafka.killBroker(leader, 'SIGKILL');
        await ctx.sleep(3000, `broker ${leader} dead`);
        await restartBrokerAndWait(ctx, leader);
        ctx.log(`broker ${leader} serves again`);
      }
    }),
};
