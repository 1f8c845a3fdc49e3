import { createEnvelope, EventEnvelope, FieldError, SchemaValidationError } from '@streamline/schemas';
import { IngestError } from './ingest.error';
import { decodeHeaderValue, decodeUtf8, hasLoneSurrogate } from './utf8-text';

/** What the parser reads of an HTTP request. */
export interface IngestRequest {
  contentType: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const STRUCTURED = 'application/cloudevents+json';
const BINARY = 'application/json';
const MAX_ATTRIBUTE_LENGTH = 256;

/**
 * Turns a request into one validated envelope, per the CloudEvents HTTP binding:
 * structured mode (`application/cloudevents+json`, attributes and data in the body) or
 * binary mode (`ce-*` headers, `application/json` body = data).
 * Throws IngestError (415, 400 with every invalid field).
 */
export function parseSingleEvent(request: IngestRequest, defaultSource: string): EventEnvelope {
  const mediaType = (request.contentType ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType === STRUCTURED) return fromStructured(parseJson(request.body), '', defaultSource);
  if (mediaType === BINARY) {
    const attributes = binaryAttributes(request.headers);
    return fromBinary(attributes, parseJson(request.body), defaultSource);
  }
  throw new IngestError(
    415,
    `unsupported content type "${mediaType || '(none)'}"; use ${STRUCTURED}, ${BINARY} with ce-* headers, or application/cloudevents-batch+json`,
  );
}

/** Parses a JSON body or answers 400; bytes that are not UTF-8 are refused, never replaced. */
export function parseJson(body: Buffer): unknown {
  const text = decodeUtf8(body, 'body');
  try {
    return JSON.parse(text);
  } catch {
    throw new IngestError(400, 'body is not valid JSON', [{ field: 'body', messages: ['body is not valid JSON'] }]);
  }
}

/** One structured-mode event; `prefix` names its place in a batch (`[3].`) in field errors. */
export function fromStructured(body: unknown, prefix: string, defaultSource: string): EventEnvelope {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new IngestError(400, 'event must be a JSON object', [{ field: prefix || 'body', messages: ['must be a JSON object'] }]);
  }
  const attrs = body as Record<string, unknown>;
  return build(
    {
      specversion: attrs.specversion,
      id: attrs.id,
      source: attrs.source ?? defaultSource,
      type: attrs.type,
      time: attrs.time,
      subject: attrs.subject,
      datacontenttype: attrs.datacontenttype,
    },
    attrs.data,
    prefix,
  );
}

/**
 * The `ce-*` headers of a binary-mode request as text, by lower-case name. Every one is
 * decoded, extensions too, and one 400 names each that is not UTF-8 or that is repeated
 * (an attribute has one value; joined, two ids would read as one "a, b").
 */
function binaryAttributes(headers: IngestRequest['headers']): Map<string, string> {
  const attributes = new Map<string, string>();
  const fields: FieldError[] = [];
  for (const [name, raw] of Object.entries(headers)) {
    if (!name.startsWith('ce-') || raw === undefined) continue;
    if (Array.isArray(raw) && raw.length > 1) {
      fields.push({ field: name, messages: [`${name} appears ${raw.length} times; an attribute takes one value`] });
      continue;
    }
    try {
      attributes.set(name, decodeHeaderValue(Array.isArray(raw) ? raw[0] : raw, name));
    } catch (error) {
      if (!(error instanceof IngestError)) throw error;
      fields.push(...error.fields);
    }
  }
  if (fields.length > 0) throw new IngestError(400, fields.map((f) => f.messages[0]).join('; '), fields);
  return attributes;
}

function fromBinary(attributes: Map<string, string>, data: unknown, defaultSource: string): EventEnvelope {
  const h = (name: string) => attributes.get(name);
  return build(
    {
      specversion: h('ce-specversion'),
      id: h('ce-id'),
      source: h('ce-source') ?? defaultSource,
      type: h('ce-type'),
      time: h('ce-time'),
      subject: h('ce-subject'),
      datacontenttype: 'application/json',
    },
    data,
    '',
  );
}

function build(attrs: Record<string, unknown>, data: unknown, prefix: string): EventEnvelope {
  const fields: FieldError[] = [];
  const need = (name: string, value: unknown) => {
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ATTRIBUTE_LENGTH) {
      fields.push({ field: `${prefix}${name}`, messages: [`${name} must be a non-empty string of at most ${MAX_ATTRIBUTE_LENGTH} characters`] });
    } else if (hasLoneSurrogate(value)) {
      // UTF-8 cannot carry it: the Kafka header would hold U+FFFD, one identity for many ids.
      fields.push({ field: `${prefix}${name}`, messages: [`${name} must be Unicode text: it holds an unpaired surrogate escape`] });
    }
  };
  if (attrs.specversion !== '1.0') fields.push({ field: `${prefix}specversion`, messages: ['specversion must be "1.0"'] });
  need('id', attrs.id);
  need('source', attrs.source);
  need('type', attrs.type);
  const time = typeof attrs.time === 'string' && !Number.isNaN(Date.parse(attrs.time)) ? new Date(attrs.time).toISOString() : undefined;
  if (attrs.time !== undefined && time === undefined) {
    fields.push({ field: `${prefix}time`, messages: ['time must be an RFC 3339 timestamp'] });
  }
  if (attrs.subject !== undefined) need('subject', attrs.subject);
  if (attrs.datacontenttype !== undefined && attrs.datacontenttype !== 'application/json') {
    fields.push({ field: `${prefix}datacontenttype`, messages: ['datacontenttype must be application/json'] });
  }
  let envelope: EventEnvelope | undefined;
  if (typeof attrs.type === 'string') {
    try {
      envelope = createEnvelope({
        type: attrs.type,
        source: String(attrs.source),
        id: String(attrs.id),
        time,
        subject: typeof attrs.subject === 'string' ? attrs.subject : undefined,
        data: data as object,
      });
    } catch (error) {
      if (!(error instanceof SchemaValidationError)) throw error;
      for (const f of error.fields) {
        const field = f.field === 'type' ? `${prefix}type` : `${prefix}data${f.field === 'data' ? '' : `.${f.field}`}`;
        fields.push({ field, messages: f.messages });
      }
    }
  }
  if (fields.length > 0 || !envelope) {
    throw new IngestError(400, `invalid event: ${fields.map((f) => f.field).join(', ')}`, fields);
  }
  return envelope;
}
