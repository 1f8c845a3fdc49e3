import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import { Database, SqlExecutor } from './database';

/**
 * Database over PGlite: real PostgreSQL in-process, kept in a directory (or in memory when no
 * directory is given). One connection: transactions run one after another.
 */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  private readonly db: PGlite;

  constructor(dataDir?: string) {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    this.db = new PGlite(dataDir);
  }

  async query<T extends object>(sql: string, params: unknown[] = []): Promise<{ rows: T[] }> {
    const result = await this.db.query<T>(sql, params);
    return { rows: result.rows };
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) =>
      work({ query: async <R extends object>(sql: string, params: unknown[] = []) => ({ rows: (await tx.query<R>(sql, params)).rows }) }),
    );
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  /** PGlite has one connection: statements queue behind each other whatever the caller. */
  isolated(): Database {
    return this;
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
