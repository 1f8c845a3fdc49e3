import { Client } from 'pg';
import { Scenario } from '../scenario';
import { loadFor } from './load-size';

/**
 * A session holds `SELECT … FOR UPDATE` on the newest placed orders for 30 s, so their paid and
 * shipped events wait on the lock (DATABASE_LOCK_TIMEOUT_MS, then the retry tiers) while other
 * keys must keep flowing.
 */
export const hotRowLock: Scenario = {
  name: 'hot-row-lock',
  title: 'a SQL session holds FOR UPDATE on 5 orders the handlers are about to write, for 30 s',
  needs: { brokers: 1, database: 'postgres', consumers: 2 },
  inShort: false,
  run: (ctx) =>
    ctx.underLoad(loadFor(ctx, 60), async () => {
      await ctx.sleep(10_000, 'load before the lock');
      const client = new Client({ connectionString: ctx.stack.databaseUrl });
      await client.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query("SELECT order_id FROM orders WHERE status = 'placed' ORDER BY updated_at DESC LIMIT 5 FOR UPDATE");
        ctx.log(`holding ${rows.length} order rows: ${rows.map((r) => r.order_id.slice(0, 8)).join(', ')}`);
        await ctx.sleep(30_000, 'rows locked');
        await client.query('COMMIT');
        ctx.log('lock released');
      } finally {
        await client.end();
      }
    }),
};
