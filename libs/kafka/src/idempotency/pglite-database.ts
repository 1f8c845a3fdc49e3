import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import { Database, SqlExecutor } from './database';

/**
 * Database over PGlite: real PostgreSQL in-process, kept in a directory (or in memory when no
 * directory is given). One connection: transactions run one after another.
 *
 * PGlite runs every statement on this thread, and its own queue hands the next waiting
 * transaction over in a promise continuation: 3,000 transactions queued at once (a consumer
 * taking a backlog) ran 37 s back to back without a single timer firing, so heartbeats, fetches
 * and health checks starved and the member was thrown out of its group. Each statement or
 * transaction here starts in a turn of the event loop of its own.
 */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  private readonly db: PGlite;
  /** The last operation queued; the next starts after it, in a later turn of the event loop. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(dataDir?: string) {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    this.db = new PGlite(dataDir);
  }

  query<T extends object>(sql: string, params: unknown[] = []): Promise<{ rows: T[] }> {
    return this.inTurn(async () => ({ rows: (await this.db.query<T>(sql, params)).rows }));
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.inTurn(() =>
      this.db.transaction(async (tx) =>
        work({ query: async <R extends object>(sql: string, params: unknown[] = []) => ({ rows: (await tx.query<R>(sql, params)).rows }) }),
      ),
    );
  }

  exec(sql: string): Promise<void> {
    return this.inTurn(async () => void (await this.db.exec(sql)));
  }

  private inTurn<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.tail.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(operation);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** PGlite has one connection: statements queue behind each other whatever the caller. */
  isolated(): Database {
    return this;
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
