import { Pool, PoolClient } from 'pg';
import { Database, SqlExecutor } from './database';
import { databaseUnavailable, DatabaseUnavailableError, isLostConnection } from '../errors/database-unavailable.error';

/** How long a query waits for a connection before the database counts as unreachable. */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * Database over a `pg` connection pool. A lost connection never takes the process down: the
 * error reaches the caller as a DatabaseUnavailableError and the broken connection is thrown
 * away, so the next query opens a fresh one.
 */
export class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;

  constructor(
    private readonly connectionString: string,
    private readonly maxConnections = 10,
  ) {
    this.pool = new Pool({ connectionString, max: maxConnections, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true });
    // `pg` emits 'error' on a client whose session ends while no query runs on it, and an
    // 'error' event without a listener ends the process. The pool listens only while a client is
    // idle, so every client gets a listener of its own for its whole life; the loss still
    // reaches the caller through the next query, and `withClient` throws the client away.
    this.pool.on('connect', (client) => client.on('error', () => undefined));
    this.pool.on('error', () => undefined);
  }

  query<T extends object>(sql: string, params: unknown[] = []): Promise<{ rows: T[] }> {
    return this.withClient(async (client) => ({ rows: (await client.query(sql, params)).rows as T[] }));
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        const result = await work({
          query: async <R extends object>(sql: string, params: unknown[] = []) => ({ rows: (await client.query(sql, params)).rows as R[] }),
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  async exec(sql: string): Promise<void> {
    await this.query(sql);
  }

  /** A second pool on the same database, for work that must not wait behind the handlers' connections. */
  isolated(maxConnections: number): Database {
    return new PostgresDatabase(this.connectionString, Math.max(1, Math.min(maxConnections, this.maxConnections)));
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  /**
   * Runs `work` on a checked-out client. A checked-out `pg` client that loses its connection
   * (the server restarted, `pg_terminate_backend`) emits 'error'; without a listener that event
   * ends the process. The client is then released as broken, so the pool destroys it.
   */
  private async withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw new DatabaseUnavailableError(`could not connect to the database: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    let broken: Error | undefined;
    const onError = (error: Error) => (broken = error);
    client.on('error', onError);
    try {
      return await work(client);
    } catch (error) {
      // Lost when the client reported it (its 'error' event) or the driver's error says so; any
      // other failure of `work` (a constraint, a lock timeout, the caller's own error) is the caller's.
      if (broken || isLostConnection(error)) throw (broken = databaseUnavailable(error));
      throw error;
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }
}
