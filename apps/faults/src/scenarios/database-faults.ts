import { sql } from '../stack/fault-stack';
import { ScenarioContext } from '../scenario';

/** Ends every session of the scenario's database except the caller's; resolves with how many ended. */
export async function terminateSessions(ctx: ScenarioContext): Promise<number> {
  const { rows } = await sql(
    ctx.stack.adminDatabaseUrl!,
    'SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) AS ended FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
    [ctx.stack.databaseName],
  );
  return Number(rows[0].ended);
}

/** Refuses new connections to the scenario's database and ends the open ones, for `ms`, then allows them again. */
export async function refuseConnections(ctx: ScenarioContext, ms: number): Promise<void> {
  const admin = ctx.stack.adminDatabaseUrl!;
  await sql(admin, `ALTER DATABASE ${ctx.stack.databaseName} ALLOW_CONNECTIONS false`);
  try {
    ctx.log(`database refuses connections; ${await terminateSessions(ctx)} sessions ended`);
    await ctx.sleep(ms, 'database refusing connections');
  } finally {
    await sql(admin, `ALTER DATABASE ${ctx.stack.databaseName} ALLOW_CONNECTIONS true`);
    ctx.log('database accepts connections again');
  }
}
