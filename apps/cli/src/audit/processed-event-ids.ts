import { Database, openDatabase } from '@streamline/kafka';
import { CannotCheckError } from '../errors/cli.errors';
import { EventId } from './delivery-audit';

/** The idempotency guard's table (libs/kafka idempotency-guard.ts). */
const PROCESSED_EVENTS = 'streamline_processed_events';

/**
 * The ids a consumer group recorded as processed, read from the consumer service's PostgreSQL or
 * PGlite database. The table's primary key is (group, source, id): one row per event however
 * often its effect ran, so what it shows is "applied at least once", never "applied twice".
 */
export class ProcessedEventIds {
  private readonly db: Database;

  constructor(
    readonly where: string,
    location: { url?: string; pgliteDir?: string },
  ) {
    this.db = openDatabase(location);
  }

  get kind(): 'postgres' | 'pglite' {
    return this.db.kind;
  }

  /** Every processed id of the group; a clear error when the database holds no such table. */
  async of(group: string): Promise<EventId[]> {
    try {
      const table = await this.db.query<{ n: string | number }>(
        'SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1',
        [PROCESSED_EVENTS],
      );
      if (Number(table.rows[0].n) === 0) {
        throw new CannotCheckError(`no table ${PROCESSED_EVENTS} in ${this.where}: is this the consumer service's database, and has the service started once?`);
      }
      const rows = await this.db.query<{ event_source: string; event_id: string }>(
        `SELECT event_source, event_id FROM ${PROCESSED_EVENTS} WHERE consumer_group = $1`,
        [group],
      );
      return rows.rows.map((r) => ({ source: r.event_source, id: r.event_id }));
    } catch (error) {
      if (error instanceof CannotCheckError) throw error;
      throw new CannotCheckError(`cannot read the processed events from ${this.where}: ${reasonOf(error)}`, { cause: error });
    }
  }

  close(): Promise<void> {
    return this.db.close().catch(() => undefined);
  }
}

/** The reason of a driver error; a refused connection to a name with several addresses is an AggregateError without a message. */
function reasonOf(error: unknown): string {
  const e = error as { message?: string; code?: string; errors?: { message?: string }[] };
  return e?.message || e?.errors?.[0]?.message || e?.code || String(error);
}
