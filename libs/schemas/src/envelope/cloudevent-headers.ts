import { EventEnvelope } from './envelope';

/**
 * Kafka header names of the CloudEvents Kafka protocol binding, binary content mode.
 * The value carries only the data; attributes travel as `ce_`-prefixed headers.
 */
export const CE_HEADERS = {
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  specversion: 'ce_specversion',
  time: 'ce_time',
  subject: 'ce_subject',
  dataschema: 'ce_dataschema',
  contentType: 'content-type',
} as const;

/** Prefix of every attribute header but `datacontenttype`, which is the record's `content-type`. */
export const CE_HEADER_PREFIX = 'ce_';

/** Media type of a structured-mode record: the whole event, attributes and data, as one JSON value. */
export const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json';

export type KafkaHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

/** A header's value as a string (first value when repeated), or undefined when absent. */
export function headerString(headers: KafkaHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined) return undefined;
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

/** Every attribute of an envelope as binary-mode Kafka headers: `ce_<name>`, and `content-type` for `datacontenttype`. */
export function attributeHeaders(envelope: EventEnvelope): Record<string, string> {
  const headers: Record<string, string> = {
    [CE_HEADERS.specversion]: envelope.specversion,
    [CE_HEADERS.id]: envelope.id,
    [CE_HEADERS.source]: envelope.source,
    [CE_HEADERS.type]: envelope.type,
    [CE_HEADERS.time]: envelope.time,
    [CE_HEADERS.contentType]: envelope.datacontenttype,
  };
  if (envelope.subject !== undefined) headers[CE_HEADERS.subject] = envelope.subject;
  if (envelope.dataschema !== undefined) headers[CE_HEADERS.dataschema] = envelope.dataschema;
  for (const [name, value] of Object.entries(envelope.extensions ?? {})) headers[CE_HEADER_PREFIX + name] = value;
  return headers;
}
