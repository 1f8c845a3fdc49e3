import { sql } from '../stack/fault-stack';
import { Scenario } from '../scenario';
import { loadFor } from './load-size';

/**
 * Members join and leave while handlers are slow (every write to an order takes 30 ms more, by a
 * trigger in the scenario's own database), so rebalances revoke partitions with work in flight.
 * Per-key order must hold: the order check compares each order's applied events with the order
 * they were accepted in.
 */
export const rebalanceSlowHandler: Scenario = {
  name: 'rebalance-slow-handler',
  title: 'replicas join and leave (SIGTERM, SIGKILL) while every handler write takes 30 ms longer',
  needs: { brokers: 1, database: 'postgres', consumers: 2 },
  inShort: false,
  run: async (ctx) => {
    const url = ctx.stack.databaseUrl!;
    await sql(url, `CREATE FUNCTION faults_slow_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.03); RETURN NEW; END $$`);
    await sql(url, `CREATE TRIGGER faults_slow_write BEFORE INSERT OR UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION faults_slow_write()`);
    return ctx.underLoad(loadFor(ctx, 70), async () => {
      const step = ctx.short ? 4000 : 8000;
      await ctx.sleep(step, 'load before the first join');
      const third = await ctx.stack.addConsumer();
      ctx.log(`${third.name} joined`);
      await ctx.sleep(step, 'three members');
      ctx.log(`consumer-1 leaves (SIGTERM, exit ${await ctx.stack.consumers[0]!.stop()})`);
      await ctx.sleep(step, 'two members');
      const fourth = await ctx.stack.addConsumer();
      ctx.log(`${fourth.name} joined`);
      await ctx.sleep(step, 'three members');
      await ctx.stack.consumers[1]!.kill();
      ctx.log('consumer-2 killed (SIGKILL)');
      await ctx.sleep(step, 'two members, one of them gone without a word');
      await ctx.stack.consumers[0]!.restart();
      ctx.log('consumer-1 rejoined');
    });
  },
};
