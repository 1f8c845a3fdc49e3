import { Database, SqlExecutor } from './database';
import { traceTransaction } from '../tracing/process-tracing';

/** An event's identity: CloudEvents `source` + `id`. */
export interface EventIdentity {
  source: string;
  id: string;
  type: string;
}

/** Whether the effect ran, or the event had been processed before. */
export type GuardOutcome = 'applied' | 'duplicate';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS streamline_processed_events (
  consumer_group text NOT NULL,
  event_source text NOT NULL,
  event_id text NOT NULL,
  event_type text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, event_source, event_id)
);
CREATE INDEX IF NOT EXISTS streamline_processed_events_at ON streamline_processed_events (processed_at);
`;

/**
 * Effects applied once: the processed event's id is inserted in the same transaction as the
 * handler's effect. A redelivered event finds its id and its effect is skipped; a failed effect
 * rolls the id back with it, so the retry runs it again. Two members racing on one event
 * (during a rebalance) serialise on the primary key: one applies it, the other sees a duplicate.
 */
export class IdempotencyGuard {
  constructor(
    private readonly db: Database,
    private readonly group: string,
  ) {}

  async init(): Promise<void> {
    await this.db.exec(SCHEMA);
  }

  /** Runs `effect` in a transaction unless the event was processed before. */
  runOnce(event: EventIdentity, effect: (tx: SqlExecutor) => Promise<unknown>): Promise<GuardOutcome> {
    return traceTransaction(this.db.kind, 1, () => this.transactionOnce(event, effect));
  }

  private transactionOnce(event: EventIdentity, effect: (tx: SqlExecutor) => Promise<unknown>): Promise<GuardOutcome> {
    return this.db.transaction(async (tx) => {
      const inserted = await tx.query(
        `INSERT INTO streamline_processed_events (consumer_group, event_source, event_id, event_type)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.group, event.source, event.id, event.type],
      );
      if (inserted.rows.length === 0) return 'duplicate';
      await effect(tx);
      return 'applied';
    });
  }

  /**
   * Runs `effect` once for a batch, in one transaction, with the events not processed before
   * (none: the effect does not run). Returns those events.
   */
  runBatchOnce<E extends EventIdentity>(events: E[], effect: (fresh: E[], tx: SqlExecutor) => Promise<unknown>): Promise<E[]> {
    return traceTransaction(this.db.kind, events.length, () => this.batchTransactionOnce(events, effect));
  }

  private batchTransactionOnce<E extends EventIdentity>(events: E[], effect: (fresh: E[], tx: SqlExecutor) => Promise<unknown>): Promise<E[]> {
    return this.db.transaction(async (tx) => {
      const fresh: E[] = [];
      for (const event of events) {
        const inserted = await tx.query(
          `INSERT INTO streamline_processed_events (consumer_group, event_source, event_id, event_type)
           VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING event_id`,
          [this.group, event.source, event.id, event.type],
        );
        if (inserted.rows.length > 0) fresh.push(event);
      }
      if (fresh.length > 0) await effect(fresh, tx);
      return fresh;
    });
  }

  /** True when the event was processed by this group. */
  async seen(event: Pick<EventIdentity, 'source' | 'id'>): Promise<boolean> {
    const found = await this.db.query('SELECT 1 FROM streamline_processed_events WHERE consumer_group = $1 AND event_source = $2 AND event_id = $3', [
      this.group,
      event.source,
      event.id,
    ]);
    return found.rows.length > 0;
  }

  /**
   * Forgets ids processed before `before`. Safe once no redelivery can be that old: keep them at
   * least as long as the topics' retention.
   */
  async prune(before: Date): Promise<number> {
    const deleted = await this.db.query('DELETE FROM streamline_processed_events WHERE consumer_group = $1 AND processed_at < $2 RETURNING 1', [
      this.group,
      before.toISOString(),
    ]);
    return deleted.rows.length;
  }
}
