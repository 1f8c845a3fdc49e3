/** Runs SQL with positional parameters (`$1`, `$2`, …). */
export interface SqlExecutor {
  query<T extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

/**
 * The database a consumer keeps its effects in, with the ids of the events it processed:
 * PostgreSQL over `pg`, or PGlite (PostgreSQL compiled to WebAssembly, in-process).
 */
export interface Database extends SqlExecutor {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs several statements at once (schema set-up). */
  exec(sql: string): Promise<void>;
  /**
   * The same database over connections of its own (at most `maxConnections`), for work that
   * must not queue behind the handlers' transactions; one connection has only itself to offer.
   */
  isolated(maxConnections: number): Database;
  close(): Promise<void>;
}
