import { restartBrokerAndWait } from '../stack/broker-restart';
import { Scenario } from '../scenario';
import { loadFor } from './load-size';

/**
 * Every broker stopped (SIGTERM) for 60 s and started again on the same data: the producer must
 * answer 503, not accept what it cannot write, and the consumers must resume where they committed.
 */
export const clusterDown: Scenario = {
  name: 'cluster-down-60s',
  title: 'the whole 3-broker cluster stopped for 60 s, then started on the same data',
  needs: { brokers: 3, database: 'postgres', consumers: 2 },
  inShort: false,
  run: (ctx) =>
    ctx.underLoad({ ...loadFor(ctx, 100), recoveryTimeoutSeconds: 240 }, async () => {
      const { kafka } = ctx.stack;
      await ctx.sleep(10_000, 'load before the outage');
      await Promise.all([0, 1, 2].map((id) => kafka.killBroker(id, 'SIGTERM')));
      ctx.log('all brokers stopped');
      await ctx.sleep(60_000, 'cluster down');
      await Promise.all([0, 1, 2].map((id) => restartBrokerAndWait(ctx, id)));
      ctx.log('all brokers serve again');
    }),
};
