import { decodeRecord, DecodeError, EventEnvelope, EventRegistry, SchemaValidationError, upcastEvent } from '@streamline/schemas';
import { FetchedRecord } from '../client/consumer-client';

/** What a record is to this service once decoded. */
export type Decoded =
  /** An event whose type (or a newer version of it, upcast) has a handler here. */
  | { kind: 'event'; event: EventEnvelope }
  /** The record cannot become an event: it goes to the dead letters with this reason. */
  | { kind: 'invalid'; error: DecodeError }
  /** A registered type this service does not handle: not ours, not an error. */
  | { kind: 'not-handled'; event: EventEnvelope };

/**
 * Decodes a record against the registry and, when no handler takes its type but one takes a
 * newer version, upcasts it: history of an older version reaches a handler written for the
 * newer one. `handles(type)` says whether a handler (single or batch) takes a type as it is;
 * `upcastsTo(type)` whether a type may be the target of an upcast (single handlers only: a batch
 * re-decodes its records).
 */
export function decodeForHandlers(
  registry: EventRegistry,
  record: FetchedRecord,
  maxValueBytes: number,
  handlers: { handles(type: string): boolean; upcastsTo(type: string): boolean },
): Decoded {
  let event: EventEnvelope;
  try {
    event = decodeRecord(registry, record, maxValueBytes);
  } catch (error) {
    if (error instanceof DecodeError) return { kind: 'invalid', error };
    throw error;
  }
  if (handlers.handles(event.type)) return { kind: 'event', event };
  try {
    const upcast = upcastEvent(registry, event, (type) => handlers.upcastsTo(type));
    return upcast ? { kind: 'event', event: upcast } : { kind: 'not-handled', event };
  } catch (error) {
    if (!(error instanceof SchemaValidationError)) throw error;
    return {
      kind: 'invalid',
      error: new DecodeError('invalid-data', `upcast to a newer version failed: ${error.message}`, { cause: error, fields: error.fields }),
    };
  }
}
