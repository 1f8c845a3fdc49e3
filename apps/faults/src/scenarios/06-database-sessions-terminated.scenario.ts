import { Scenario } from '../scenario';
import { terminateSessions } from './database-faults';
import { loadFor } from './load-size';

/** pg_terminate_backend of every consumer session, three times: a failover or an admin's hand. */
export const databaseSessionsTerminated: Scenario = {
  name: 'database-sessions-terminated',
  title: "pg_terminate_backend of the consumers' PostgreSQL sessions ×3 under load",
  needs: { brokers: 1, database: 'postgres', consumers: 2 },
  inShort: true,
  run: (ctx) =>
    ctx.underLoad(loadFor(ctx), async () => {
      for (let round = 1; round <= 3; round++) {
        await ctx.sleep(ctx.short ? 5000 : 12_000, `load before termination ${round}/3`);
        ctx.log(`termination ${round}/3: ${await terminateSessions(ctx)} sessions ended`);
      }
    }),
};
