import { sql } from '../stack/fault-stack';

/** Event ids applied to each order, in the order the read model appended them. */
export type AppliedEvents = Map<string, string[]>;

/**
 * The consumer's read model, read with SQL: `orders.applied_events` is appended to in the
 * transaction of each effect, so an id that appears twice is an effect applied twice.
 */
export async function readAppliedEvents(databaseUrl: string): Promise<AppliedEvents> {
  const { rows } = await sql(databaseUrl, 'SELECT order_id, applied_events FROM orders').catch((error: Error) => {
    // Before the consumer created its schema there is nothing applied yet.
    if (/relation "orders" does not exist/.test(error.message)) return { rows: [] };
    throw error;
  });
  return toApplied(rows);
}

/** Event ids the idempotency guard recorded for the group. */
export async function readProcessedIds(databaseUrl: string, group: string): Promise<Set<string>> {
  const { rows } = await sql(databaseUrl, 'SELECT event_id FROM streamline_processed_events WHERE consumer_group = $1', [group]).catch((error: Error) =>
    /does not exist/.test(error.message) ? { rows: [] } : Promise.reject(error),
  );
  return new Set(rows.map((r: { event_id: string }) => r.event_id));
}

/** The same, from an embedded PGlite directory (only while no consumer holds it). */
export async function readAppliedEventsFromPglite(dir: string): Promise<AppliedEvents> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(dir);
  try {
    const { rows } = await db.query('SELECT order_id, applied_events FROM orders');
    return toApplied(rows as any[]);
  } finally {
    await db.close();
  }
}

function toApplied(rows: Array<{ order_id: string; applied_events: string[] | string }>): AppliedEvents {
  return new Map(rows.map((r) => [r.order_id, typeof r.applied_events === 'string' ? JSON.parse(r.applied_events) : r.applied_events]));
}
