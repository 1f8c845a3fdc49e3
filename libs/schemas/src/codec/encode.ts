import { randomUUID } from 'node:crypto';
import { attributeHeaders } from '../envelope/cloudevent-headers';
import { AttributeError, checkAttributes } from '../envelope/cloudevent-attributes';
import { CLOUDEVENTS_SPEC_VERSION, DEFAULT_DATA_CONTENT_TYPE, EventEnvelope } from '../envelope/envelope';
import { EventRegistry } from '../registry/event-registry';
import { FieldError, SchemaValidationError } from '../errors/schema-validation.error';
import { validateEventData } from './validate';

/** A record ready for Kafka: topic, key, JSON value, CloudEvents headers. */
export interface EncodedRecord {
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** What a caller supplies to build an envelope; id and time default to new ones. */
export interface NewEvent<T extends object = object> {
  type: string;
  source: string;
  data: T;
  id?: string;
  /** RFC 3339 date-time with an offset; kept as given. Default: now, in UTC. */
  time?: string;
  subject?: string;
  /** Absolute URI of the data's schema. */
  dataschema?: string;
  /** A JSON media type, parameters allowed. Default `application/json`. */
  datacontenttype?: string;
  /** Extension attributes: names of lower-case letters and digits; string, boolean or integer values. */
  extensions?: Record<string, string | boolean | number>;
}

/** Why an event could not become an envelope: its invalid attributes, an unknown type, its invalid data fields. */
export interface EnvelopeProblems {
  attributes: AttributeError[];
  /** Set when `type` is a string that names no registered event type. */
  unknownType?: string;
  /** Invalid data fields, by their path in the data (`lines[0].sku`, or `data` for the whole). */
  data: FieldError[];
}

/** The field an attribute error names: the attribute, or `extensions.<name>` for an extension. */
function fieldOf(error: AttributeError): FieldError {
  return { field: error.extension && error.attribute !== 'extensions' ? `extensions.${error.attribute}` : error.attribute, messages: [error.message] };
}

/**
 * Validates the attributes and the data and fills in the envelope's defaults; returns every
 * problem found instead when there is one, so callers can name the fields their own way.
 */
export function tryCreateEnvelope<T extends object>(
  registry: EventRegistry,
  event: NewEvent<T>,
): { envelope: EventEnvelope<T> } | { problems: EnvelopeProblems } {
  const id = event.id ?? randomUUID();
  const { attributes, errors } = checkAttributes({ ...event, id });
  const problems: EnvelopeProblems = { attributes: errors, data: [] };
  const definition = typeof event.type === 'string' ? registry.find(event.type) : undefined;
  let data: T | undefined;
  if (!definition) {
    if (typeof event.type === 'string' && !errors.some((e) => e.attribute === 'type')) problems.unknownType = event.type;
  } else {
    try {
      data = validateEventData(definition, event.data) as T;
    } catch (error) {
      if (!(error instanceof SchemaValidationError)) throw error;
      problems.data = error.fields;
    }
  }
  if (data === undefined || errors.length > 0) return { problems };
  return {
    envelope: {
      id,
      source: event.source,
      type: event.type,
      specversion: CLOUDEVENTS_SPEC_VERSION,
      time: attributes.time ?? new Date().toISOString(),
      datacontenttype: attributes.datacontenttype ?? DEFAULT_DATA_CONTENT_TYPE,
      ...(attributes.subject !== undefined ? { subject: attributes.subject } : {}),
      ...(attributes.dataschema !== undefined ? { dataschema: attributes.dataschema } : {}),
      ...(attributes.extensions !== undefined ? { extensions: attributes.extensions } : {}),
      data,
    },
  };
}

/**
 * Validates the attributes and the data and fills in the envelope's defaults. Throws
 * SchemaValidationError listing every invalid attribute (`time`, `extensions.<name>`) and
 * data field (`lines[0].sku`).
 */
export function createEnvelope<T extends object>(registry: EventRegistry, event: NewEvent<T>): EventEnvelope<T> {
  const outcome = tryCreateEnvelope(registry, event);
  if ('envelope' in outcome) return outcome.envelope;
  const { attributes, unknownType, data } = outcome.problems;
  const fields = attributes.map(fieldOf);
  if (unknownType !== undefined) fields.push({ field: 'type', messages: [registry.unknownTypeMessage(unknownType)] });
  throw new SchemaValidationError(event.type, [...fields, ...data]);
}

/** Encodes an envelope in the CloudEvents Kafka binding's binary mode: every attribute a header. */
export function encodeEnvelope(registry: EventRegistry, envelope: EventEnvelope): EncodedRecord {
  const definition = registry.find(envelope.type);
  const topic = registry.topicFor(envelope.type);
  if (!definition || !topic) {
    throw new SchemaValidationError(envelope.type, [{ field: 'type', messages: [registry.unknownTypeMessage(envelope.type)] }]);
  }
  const key = String((envelope.data as Record<string, unknown>)[definition.keyField]);
  return { topic: topic.name, key, value: Buffer.from(JSON.stringify(envelope.data)), headers: attributeHeaders(envelope) };
}
