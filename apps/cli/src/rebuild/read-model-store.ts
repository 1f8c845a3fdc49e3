import { Database, openDatabase } from '@streamline/kafka';
import { CommandFailedError } from '../errors/cli.errors';

/** What a rebuild clears in a consumer service's database: its read model, and the group's idempotency records. */
export interface ReadModelCounts {
  tables: { name: string; rows: number }[];
  processedEvents: number;
  parkedKeys: number;
}

/** Tables of the consumer runtime that hold per-group state (see libs/kafka idempotency). */
const PROCESSED_EVENTS = 'streamline_processed_events';
const PARKED_KEYS = 'streamline_parked_keys';
const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * The read model of a consumer service, in its PostgreSQL or PGlite database. Clearing it empties
 * the read-model tables and forgets the group's processed event ids and parked keys in one
 * transaction, so a rewound group applies every event again, exactly once.
 */
export class ReadModelStore {
  private readonly db: Database;

  constructor(
    readonly where: string,
    location: { url?: string; pgliteDir?: string },
    private readonly tables: string[],
    private readonly group: string,
  ) {
    for (const table of tables) if (!TABLE_NAME.test(table)) throw new CommandFailedError(`"${table}" is not a table name`);
    this.db = openDatabase(location);
  }

  async count(): Promise<ReadModelCounts> {
    const existing = new Set(
      (await this.db.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()')).rows.map(
        (r) => r.table_name,
      ),
    );
    const missing = this.tables.filter((t) => !existing.has(t));
    if (missing.length) throw new CommandFailedError(`no table ${missing.join(', ')} in ${this.where}: is this the consumer service's database?`);
    const rows = async (sql: string, params: unknown[] = []) => Number((await this.db.query<{ n: string | number }>(sql, params)).rows[0].n);
    const perGroup = async (table: string) => (existing.has(table) ? rows(`SELECT count(*) AS n FROM ${table} WHERE consumer_group = $1`, [this.group]) : 0);
    return {
      tables: await Promise.all(this.tables.map(async (name) => ({ name, rows: await rows(`SELECT count(*) AS n FROM ${name}`) }))),
      processedEvents: await perGroup(PROCESSED_EVENTS),
      parkedKeys: await perGroup(PARKED_KEYS),
    };
  }

  /** Empties the read model and the group's idempotency records together. */
  async clear(): Promise<void> {
    const counts = await this.count();
    await this.db.transaction(async (tx) => {
      for (const table of this.tables) await tx.query(`DELETE FROM ${table}`);
      if (counts.processedEvents > 0) await tx.query(`DELETE FROM ${PROCESSED_EVENTS} WHERE consumer_group = $1`, [this.group]);
      if (counts.parkedKeys > 0) await tx.query(`DELETE FROM ${PARKED_KEYS} WHERE consumer_group = $1`, [this.group]);
    });
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
