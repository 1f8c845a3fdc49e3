/** CloudEvents spec version this envelope follows. */
export const CLOUDEVENTS_SPEC_VERSION = '1.0';

/**
 * An event as it travels: CloudEvents attributes around schema-validated data.
 * The Kafka key is the ordering key, taken from the data's key field.
 */
export interface EventEnvelope<T extends object = object> {
  /** Unique per source; `source` + `id` identify the event (redeliveries share them). */
  id: string;
  /** URI reference of the producer, e.g. `/checkout`. */
  source: string;
  /** Versioned event type, e.g. `order.placed.v1`. */
  type: string;
  specversion: typeof CLOUDEVENTS_SPEC_VERSION;
  /** ISO 8601 time the event happened. */
  time: string;
  /** Media type of the data; always JSON here. */
  datacontenttype: 'application/json';
  subject?: string;
  data: T;
}
