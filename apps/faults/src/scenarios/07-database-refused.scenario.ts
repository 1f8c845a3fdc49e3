import { Scenario } from '../scenario';
import { refuseConnections } from './database-faults';
import { loadFor } from './load-size';

/** PostgreSQL down for 30 s: longer than a handler's attempt, shorter than all retry tiers together (1 + 5 + 15 s). */
export const databaseRefused30s: Scenario = {
  name: 'database-refused-30s',
  title: 'database refuses connections for 30 s (ALLOW_CONNECTIONS false, sessions ended)',
  needs: { brokers: 1, database: 'postgres', consumers: 2 },
  inShort: false,
  run: (ctx) =>
    ctx.underLoad(loadFor(ctx, 60), async () => {
      await ctx.sleep(10_000, 'load before the outage');
      await refuseConnections(ctx, 30_000);
    }),
};

/** PostgreSQL down for 60 s: longer than every retry delay together, so events may reach the dead-letter topic, but never vanish. */
export const databaseRefusedLong: Scenario = {
  name: 'database-refused-long',
  title: 'database refuses connections for 60 s, past every retry delay',
  needs: { brokers: 1, database: 'postgres', consumers: 2 },
  inShort: false,
  run: (ctx) =>
    ctx.underLoad({ ...loadFor(ctx, 90), recoveryTimeoutSeconds: 240 }, async () => {
      await ctx.sleep(10_000, 'load before the outage');
      await refuseConnections(ctx, 60_000);
    }),
};
