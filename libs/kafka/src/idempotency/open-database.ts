import { Database } from './database';
import { PgliteDatabase } from './pglite-database';
import { PostgresDatabase } from './postgres-database';

/** Where a consumer keeps its effects: a PostgreSQL URL, or a PGlite directory when there is none. */
export interface DatabaseLocation {
  /** `postgres://…`; when set, PostgreSQL is used. */
  url?: string;
  /** PGlite data directory when no URL is set; omitted = in memory (lost on exit). */
  pgliteDir?: string;
}

/** Opens PostgreSQL when a URL is given, else an embedded PGlite. */
export function openDatabase({ url, pgliteDir }: DatabaseLocation): Database {
  return url ? new PostgresDatabase(url) : new PgliteDatabase(pgliteDir);
}
