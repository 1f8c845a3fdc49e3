import { Scenario } from '../scenario';
import { loadFor } from './load-size';

/**
 * A deploy: each of three replicas stopped with SIGTERM and started again, one after the other.
 * A graceful stop commits what it handled, so the redelivery figure is the one to watch (≤ 0.1 %).
 */
export const consumerRollingSigterm: Scenario = {
  name: 'consumer-rolling-sigterm',
  title: 'rolling SIGTERM and restart of three consumer replicas under load',
  needs: { brokers: 1, database: 'postgres', consumers: 3 },
  inShort: true,
  run: (ctx) =>
    ctx.underLoad(loadFor(ctx, 75, 35), async () => {
      await ctx.sleep(ctx.short ? 5000 : 10_000, 'load before the first stop');
      for (const replica of ctx.stack.consumers) {
        const code = await replica.stop();
        ctx.log(`${replica.name} stopped with SIGTERM (exit ${code ?? 'by the signal'})`);
        await replica.restart();
        ctx.log(`${replica.name} back (pid ${replica.pid})`);
        await ctx.sleep(ctx.short ? 4000 : 10_000, 'before the next replica');
      }
    }),
};
