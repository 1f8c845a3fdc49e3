import { randomUUID } from 'node:crypto';
import { CE_HEADERS } from '../envelope/cloudevent-headers';
import { CLOUDEVENTS_SPEC_VERSION, EventEnvelope } from '../envelope/envelope';
import { findEventDefinition, topicForType } from '../registry/topic-registry';
import { SchemaValidationError } from '../errors/schema-validation.error';
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
  time?: string;
  subject?: string;
}

/** Validates the data and fills in the envelope's attributes. Throws SchemaValidationError. */
export function createEnvelope<T extends object>(event: NewEvent<T>): EventEnvelope<T> {
  const definition = findEventDefinition(event.type);
  if (!definition) {
    throw new SchemaValidationError(event.type, [{ field: 'type', messages: [`unknown event type "${event.type}"`] }]);
  }
  const data = validateEventData(definition, event.data) as T;
  return {
    id: event.id ?? randomUUID(),
    source: event.source,
    type: event.type,
    specversion: CLOUDEVENTS_SPEC_VERSION,
    time: event.time ?? new Date().toISOString(),
    datacontenttype: 'application/json',
    ...(event.subject !== undefined ? { subject: event.subject } : {}),
    data,
  };
}

/** Encodes an envelope in the CloudEvents Kafka binding's binary mode. */
export function encodeEnvelope(envelope: EventEnvelope): EncodedRecord {
  const definition = findEventDefinition(envelope.type);
  const topic = topicForType(envelope.type);
  if (!definition || !topic) {
    throw new SchemaValidationError(envelope.type, [{ field: 'type', messages: [`unknown event type "${envelope.type}"`] }]);
  }
  const key = String((envelope.data as Record<string, unknown>)[definition.keyField]);
  const headers: Record<string, string> = {
    [CE_HEADERS.specversion]: envelope.specversion,
    [CE_HEADERS.id]: envelope.id,
    [CE_HEADERS.source]: envelope.source,
    [CE_HEADERS.type]: envelope.type,
    [CE_HEADERS.time]: envelope.time,
    [CE_HEADERS.contentType]: envelope.datacontenttype,
  };
  if (envelope.subject !== undefined) headers[CE_HEADERS.subject] = envelope.subject;
  return { topic: topic.name, key, value: Buffer.from(JSON.stringify(envelope.data)), headers };
}
