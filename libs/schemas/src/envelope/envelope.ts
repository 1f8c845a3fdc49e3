/** CloudEvents spec version this envelope follows. */
export const CLOUDEVENTS_SPEC_VERSION = '1.0';

/** Media type of the data when the producer names none. */
export const DEFAULT_DATA_CONTENT_TYPE = 'application/json';

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
  /** RFC 3339 time the event happened, as the producer wrote it (offset kept). */
  time: string;
  /** Media type of the data: JSON, `application/json` unless the producer named another JSON type or parameters. */
  datacontenttype: string;
  /** What the event is about, within the source (e.g. an order id). */
  subject?: string;
  /** Absolute URI of the schema the data adheres to. */
  dataschema?: string;
  /**
   * Extension attributes by name (lower-case letters and digits), e.g. `traceparent`, in their
   * canonical string form. They travel as `ce_<name>` Kafka headers, like the core attributes.
   */
  extensions?: Readonly<Record<string, string>>;
  data: T;
}
