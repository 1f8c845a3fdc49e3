import { SetMetadata } from '@nestjs/common';
import { EVENT_BATCH_HANDLER_METADATA, EVENT_HANDLER_METADATA } from '../kafka.constants';

/** Marks a provider method as the handler of an event type, e.g. `@EventHandler('order.placed.v1')`. */
export const EventHandler = (type: string): MethodDecorator => SetMetadata(EVENT_HANDLER_METADATA, type);

/** Options of a batch handler. */
export interface BatchHandlerOptions {
  /** Most events handed over in one call. Default: 100. */
  maxSize?: number;
}

/**
 * Marks a provider method as the batch handler of an event type: it receives up to `maxSize`
 * events of that type from one partition at once, at most one per key (so per-key order holds),
 * in one transaction when the consumer has a database.
 */
export const EventBatchHandler = (type: string, options: BatchHandlerOptions = {}): MethodDecorator =>
  SetMetadata(EVENT_BATCH_HANDLER_METADATA, { type, maxSize: options.maxSize ?? 100 });
