import { isUtf8 } from 'node:buffer';
import { CE_HEADER_PREFIX, CE_HEADERS, headerString, KafkaHeaders, STRUCTURED_CONTENT_TYPE } from '../envelope/cloudevent-headers';
import { CORE_ATTRIBUTES, isExtensionName } from '../envelope/cloudevent-attributes';
import { firstInvalidByte } from '../envelope/utf8';
import { CLOUDEVENTS_SPEC_VERSION, DEFAULT_DATA_CONTENT_TYPE, EventEnvelope } from '../envelope/envelope';
import { DecodeError } from '../errors/decode.error';
import { SchemaValidationError } from '../errors/schema-validation.error';
import { EventDefinition } from '../registry/event-definition';
import { EventRegistry } from '../registry/event-registry';
import { validateEventData } from './validate';

/** The parts of a Kafka record the decoder reads. */
export interface RawRecord {
  key: Buffer | string | null;
  value: Buffer | null;
  headers?: KafkaHeaders;
}

const EPOCH = new Date(0).toISOString();
const CORE = new Set<string>(CORE_ATTRIBUTES);

/** Default upper bound of a record value the decoder accepts (1 MiB, Kafka's default max message size). */
export const DEFAULT_MAX_VALUE_BYTES = 1024 * 1024;

/** The attributes of a record, whichever content mode carried them, before the data is read. */
type Attributes = Omit<EventEnvelope, 'data'>;

/**
 * Turns a Kafka record into a validated envelope, or throws DecodeError naming why not
 * (missing header, unknown type, not UTF-8, not JSON, invalid data, oversized). Both content modes of the
 * CloudEvents Kafka binding are read: binary (attributes in `ce_*` headers, the value is the
 * data) and structured (`content-type: application/cloudevents+json`, the value is the whole
 * event). Every attribute is kept, extensions included.
 */
export function decodeRecord(registry: EventRegistry, record: RawRecord, maxValueBytes = DEFAULT_MAX_VALUE_BYTES): EventEnvelope {
  const value = record.value ?? Buffer.alloc(0);
  const contentType = attributeText(record.headers, CE_HEADERS.contentType);
  if (contentType !== undefined && contentType.split(';')[0].trim().toLowerCase() === STRUCTURED_CONTENT_TYPE) {
    return decodeStructured(registry, value, maxValueBytes);
  }
  // Each header is turned into a string once: this runs for every record consumed.
  const attributes = binaryAttributes(record.headers, contentType);
  const definition = definitionOf(registry, attributes.type);
  checkSize(value, maxValueBytes);
  return withData(definition, attributes, parseJson(value, attributes.type));
}

function binaryAttributes(headers: KafkaHeaders | undefined, contentType: string | undefined): Attributes {
  const specversion = attributeText(headers, CE_HEADERS.specversion);
  const id = attributeText(headers, CE_HEADERS.id);
  const source = attributeText(headers, CE_HEADERS.source);
  const type = attributeText(headers, CE_HEADERS.type);
  if (!specversion || !id || !source || !type) {
    const present = { [CE_HEADERS.specversion]: specversion, [CE_HEADERS.id]: id, [CE_HEADERS.source]: source, [CE_HEADERS.type]: type };
    const missing = Object.entries(present)
      .filter(([, v]) => !v)
      .map(([name]) => name);
    throw new DecodeError('missing-header', `missing header(s): ${missing.join(', ')}`);
  }
  checkSpecversion(specversion);
  const subject = attributeText(headers, CE_HEADERS.subject);
  const dataschema = attributeText(headers, CE_HEADERS.dataschema);
  let extensions: Record<string, string> | undefined;
  for (const header in headers) {
    if (!header.startsWith(CE_HEADER_PREFIX)) continue;
    const name = header.slice(CE_HEADER_PREFIX.length);
    if (CORE.has(name) || !isExtensionName(name)) continue;
    const text = attributeText(headers, header);
    if (text !== undefined) (extensions ??= {})[name] = text;
  }
  return {
    id,
    source,
    type,
    specversion: CLOUDEVENTS_SPEC_VERSION,
    time: attributeText(headers, CE_HEADERS.time) ?? EPOCH,
    datacontenttype: contentType ?? DEFAULT_DATA_CONTENT_TYPE,
    ...(subject !== undefined ? { subject } : {}),
    ...(dataschema !== undefined ? { dataschema } : {}),
    ...(extensions !== undefined ? { extensions } : {}),
  };
}

/** A structured-mode record: the value is one JSON event in the CloudEvents JSON format. */
function decodeStructured(registry: EventRegistry, value: Buffer, maxValueBytes: number): EventEnvelope {
  checkSize(value, maxValueBytes);
  const event = parseJson(value, undefined);
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new DecodeError('invalid-attributes', 'a structured-mode value must be a JSON object (the event)');
  }
  const members = event as Record<string, unknown>;
  const missing = ['specversion', 'id', 'source', 'type'].filter((name) => typeof members[name] !== 'string' || members[name] === '');
  if (missing.length > 0) throw new DecodeError('invalid-attributes', `missing or empty attribute(s): ${missing.join(', ')}`);
  checkSpecversion(members.specversion as string);
  const type = members.type as string;
  const definition = definitionOf(registry, type);
  const optional = (name: string) => (typeof members[name] === 'string' ? (members[name] as string) : undefined);
  let extensions: Record<string, string> | undefined;
  for (const [name, member] of Object.entries(members)) {
    if (CORE.has(name) || !isExtensionName(name)) continue;
    if (typeof member === 'string' || typeof member === 'boolean' || (typeof member === 'number' && Number.isInteger(member))) {
      (extensions ??= {})[name] = String(member);
    }
  }
  const subject = optional('subject');
  const dataschema = optional('dataschema');
  const attributes: Attributes = {
    id: members.id as string,
    source: members.source as string,
    type,
    specversion: CLOUDEVENTS_SPEC_VERSION,
    time: optional('time') ?? EPOCH,
    datacontenttype: optional('datacontenttype') ?? DEFAULT_DATA_CONTENT_TYPE,
    ...(subject !== undefined ? { subject } : {}),
    ...(dataschema !== undefined ? { dataschema } : {}),
    ...(extensions !== undefined ? { extensions } : {}),
  };
  const data = typeof members.data_base64 === 'string' ? parseJson(Buffer.from(members.data_base64, 'base64'), type) : members.data;
  return withData(definition, attributes, data);
}

function checkSpecversion(specversion: string): void {
  if (specversion !== CLOUDEVENTS_SPEC_VERSION) {
    throw new DecodeError('unsupported-specversion', `unsupported ce_specversion "${specversion}"`);
  }
}

function definitionOf(registry: EventRegistry, type: string): EventDefinition {
  const definition = registry.find(type);
  if (!definition) throw new DecodeError('unknown-type', `unknown event type "${type}"`, { context: { eventType: type } });
  return definition;
}

function checkSize(value: Buffer, maxValueBytes: number): void {
  if (value.length > maxValueBytes) {
    throw new DecodeError('oversized', `value of ${value.length} bytes exceeds the limit of ${maxValueBytes}`);
  }
}

/**
 * A header's text, refusing bytes that are not UTF-8: decoded with replacement characters, two
 * different ids would become one identity (and the idempotency guard would skip the second).
 */
function attributeText(headers: KafkaHeaders | undefined, name: string): string | undefined {
  const text = headerString(headers, name);
  // Replacement characters are rare in real attributes: only then are the bytes checked.
  if (text !== undefined && text.includes('\uFFFD')) {
    const raw = headers?.[name];
    const bytes = Array.isArray(raw) ? raw[0] : raw;
    if (Buffer.isBuffer(bytes) && !isUtf8(bytes)) throw new DecodeError('invalid-utf8', `header ${name} is not valid UTF-8 at byte ${firstInvalidByte(bytes)}`);
  }
  return text;
}

function parseJson(value: Buffer, type: string | undefined): unknown {
  const text = value.toString('utf8');
  if (text.includes('\uFFFD') && !isUtf8(value)) {
    throw new DecodeError('invalid-utf8', `value is not valid UTF-8 at byte ${firstInvalidByte(value)} (JSON is UTF-8)`, {
      ...(type !== undefined ? { context: { eventType: type } } : {}),
    });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new DecodeError('not-json', 'value is not valid JSON', { cause, ...(type !== undefined ? { context: { eventType: type } } : {}) });
  }
}

function withData(definition: EventDefinition, attributes: Attributes, data: unknown): EventEnvelope {
  try {
    return { ...attributes, data: validateEventData(definition, data) };
  } catch (error) {
    if (error instanceof SchemaValidationError) {
      throw new DecodeError('invalid-data', error.message, { cause: error, fields: error.fields, context: { eventType: attributes.type } });
    }
    throw error;
  }
}

/**
 * The `source` and `id` of a record without validating its data: from the headers in binary
 * mode, from the value in structured mode; undefined when the record carries none.
 */
export function eventIdentityOf(record: RawRecord): { source: string; id: string } | undefined {
  const contentType = headerString(record.headers, CE_HEADERS.contentType);
  if (contentType !== undefined && contentType.split(';')[0].trim().toLowerCase() === STRUCTURED_CONTENT_TYPE) {
    try {
      const event = JSON.parse((record.value ?? Buffer.alloc(0)).toString('utf8')) as { source?: unknown; id?: unknown } | null;
      return typeof event?.source === 'string' && typeof event.id === 'string' ? { source: event.source, id: event.id } : undefined;
    } catch {
      return undefined;
    }
  }
  const source = headerString(record.headers, CE_HEADERS.source);
  const id = headerString(record.headers, CE_HEADERS.id);
  return source !== undefined && id !== undefined ? { source, id } : undefined;
}

/**
 * The CloudEvents attributes a record carries, extensions included, as name to text, whichever
 * content mode it was written in; nothing is validated (a dead letter's attributes are shown
 * even when its data is what failed). Undefined when it carries none.
 */
export function recordAttributes(record: RawRecord): Record<string, string> | undefined {
  const contentType = headerString(record.headers, CE_HEADERS.contentType);
  const attributes: Record<string, string> = {};
  if (contentType !== undefined && contentType.split(';')[0].trim().toLowerCase() === STRUCTURED_CONTENT_TYPE) {
    let event: unknown;
    try {
      event = JSON.parse((record.value ?? Buffer.alloc(0)).toString('utf8'));
    } catch {
      return undefined;
    }
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return undefined;
    for (const [name, member] of Object.entries(event)) {
      if (name === 'data' || name === 'data_base64') continue;
      if (typeof member === 'string' || typeof member === 'boolean' || typeof member === 'number') attributes[name] = String(member);
    }
  } else {
    for (const header in record.headers) {
      if (!header.startsWith(CE_HEADER_PREFIX)) continue;
      const text = headerString(record.headers, header);
      if (text !== undefined) attributes[header.slice(CE_HEADER_PREFIX.length)] = text;
    }
    if (Object.keys(attributes).length > 0 && contentType !== undefined) attributes.datacontenttype = contentType;
  }
  return Object.keys(attributes).length > 0 ? attributes : undefined;
}
