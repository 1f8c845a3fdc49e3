import { restartBrokerAndWait } from '../stack/broker-restart';
import { Scenario } from '../scenario';
import { loadFor } from './load-size';

/** An upgrade: each broker stopped cleanly (SIGTERM), started on its data, and waited for, one at a time. */
export const brokerRollingRestart: Scenario = {
  name: 'broker-rolling-restart',
  title: 'clean rolling restart of three brokers under load',
  needs: { brokers: 3, database: 'postgres', consumers: 2 },
  inShort: false,
  run: (ctx) =>
    ctx.underLoad(loadFor(ctx, 90, 40), async () => {
      for (const id of [0, 1, 2]) {
        await ctx.sleep(ctx.short ? 4000 : 10_000, `load before restarting broker ${id}`);
        ctx.log(`restarting broker ${id}`);
        await restartBrokerAndWait(ctx, id);
        ctx.log(`broker ${id} serves again`);
      }
    }),
};
