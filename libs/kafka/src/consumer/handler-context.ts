import { EventEnvelope } from '@streamline/schemas';
import { SqlExecutor } from '../idempotency/database';
import { EventToEmit } from './exactly-once/emitted-events';

/** Where the event being handled came from, and the transaction to write its effect in. */
export interface HandlerContext {
  /** Topic the record was read from (a retry tier's name on a retry). */
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** 1 on first delivery, higher on retries. */
  attempt: number;
  /**
   * The transaction the runtime opened for this event when a database is configured: write the
   * effect through it, and it commits together with the event's id (applied once), or rolls
   * back with it. Undefined when the consumer runs without a database.
   */
  tx?: SqlExecutor;
  /**
   * Exactly-once mode (`consumer.exactlyOnce`): emits an event in the transaction that commits
   * this record's offset. Validated at once (an invalid event fails the handler); written only
   * if the handler succeeds, and visible to read_committed readers exactly once. Undefined
   * without exactly-once mode.
   */
  emit?: (event: EventToEmit) => void;
}

/** A discovered handler, bound to its provider instance; resolves with what the method returned (a request's reply). */
export type BoundHandler = (event: EventEnvelope, context: HandlerContext) => Promise<unknown>;

/** Where a batch came from, and the transaction of its effects. */
export interface BatchContext {
  topic: string;
  partition: number;
  /** 1 on first delivery, higher when the batch was read from a retry tier. */
  attempt: number;
  /** The batch's transaction (with every event's id) when a database is configured. */
  tx?: SqlExecutor;
  /** Exactly-once mode: emits an event in the transaction that commits the batch's offsets (see HandlerContext). */
  emit?: (event: EventToEmit) => void;
}

/** A discovered batch handler, bound to its provider instance. */
export interface BoundBatchHandler {
  maxSize: number;
  /** Resolves to what the handler returned. */
  handle(events: EventEnvelope[], context: BatchContext): Promise<unknown>;
}

/**
 * A handler that is not an `@EventHandler` method of the app's providers, given to the runtime
 * in `consumer.handlers` (StreamlineServer gives the app's `@EventPattern`/`@MessagePattern`
 * handlers this way). It runs exactly as a discovered handler: same order, retries, dead letters,
 * transaction, and its result is a request's reply.
 */
export interface ExternalHandler {
  /** The event type it handles. */
  type: string;
  /** Where it comes from, for error messages (e.g. `@MessagePattern('order.quote.v1')`). */
  source: string;
  handle: BoundHandler;
}
