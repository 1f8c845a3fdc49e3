import { Scenario } from '../scenario';
import { loadFor } from './load-size';

/** A replica dies without a word while batches are in flight; the group must hand its partitions on and nothing may apply twice. */
export const consumerSigkill: Scenario = {
  name: 'consumer-sigkill',
  title: 'SIGKILL of one of two consumer replicas mid-batch, restarted 5 s later',
  needs: { brokers: 1, database: 'postgres', consumers: 2 },
  inShort: true,
  run: (ctx) =>
    ctx.underLoad(loadFor(ctx), async () => {
      const [victim] = ctx.stack.consumers;
      await ctx.sleep(ctx.short ? 8000 : 15_000, 'load before the kill');
      ctx.log(`SIGKILL ${victim!.name} (pid ${victim!.pid})`);
      await victim!.kill();
      await ctx.sleep(5000, 'replica dead');
      await victim!.restart();
      ctx.log(`${victim!.name} back (pid ${victim!.pid})`);
    }),
};
