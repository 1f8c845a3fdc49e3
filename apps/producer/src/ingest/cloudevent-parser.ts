import { AttributeInput, EventEnvelope, FieldError, isJsonMediaType, parseMediaType, tryCreateEnvelope } from '@streamline/schemas';
import { orderRegistry } from '@streamline/orders';
import { IngestError } from './ingest.error';
import { decodeHeaderValue, decodeUtf8 } from './utf8-text';
import { percentDecode } from './percent-decoding';

/** What the parser reads of an HTTP request. */
export interface IngestRequest {
  contentType: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const STRUCTURED = 'application/cloudevents+json';
const BINARY = 'application/json';
const BINARY_PREFIX = 'ce-';
/** Members of a structured-mode event that are not extension attributes. */
const STRUCTURED_MEMBERS = new Set(['specversion', 'id', 'source', 'type', 'time', 'subject', 'dataschema', 'datacontenttype', 'data', 'data_base64']);
/** Attributes a binary-mode request carries in `ce-` headers; `datacontenttype` is the Content-Type. */
const BINARY_ATTRIBUTES = new Set(['specversion', 'id', 'source', 'type', 'time', 'subject', 'dataschema']);

/**
 * Turns a request into one validated envelope, per the CloudEvents HTTP binding:
 * structured mode (`application/cloudevents+json`, attributes and data in the body) or
 * binary mode (`ce-*` headers, a JSON body = data, its Content-Type the `datacontenttype`).
 * Media-type parameters (`; charset=utf-8`) are accepted. Every attribute is kept, extensions
 * included. Throws IngestError (415, 400 with every invalid field).
 */
export function parseSingleEvent(request: IngestRequest, defaultSource: string): EventEnvelope {
  const contentType = request.contentType ?? '';
  const mediaType = parseMediaType(contentType)?.essence ?? '';
  if (mediaType === STRUCTURED) return fromStructured(parseJson(request.body), '', defaultSource);
  if (isJsonMediaType(contentType)) {
    const attributes = binaryAttributes(request.headers);
    return fromBinary(attributes, contentType, parseJson(request.body), defaultSource);
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
  const fields: FieldError[] = [];
  if (attrs.data_base64 !== undefined) {
    fields.push({ field: `${prefix}data_base64`, messages: ['data_base64 is not accepted: the data of every event type is JSON, send it as data'] });
  }
  const extensions = Object.fromEntries(Object.entries(attrs).filter(([name]) => !STRUCTURED_MEMBERS.has(name)));
  return build(
    {
      specversion: attrs.specversion,
      id: attrs.id,
      source: attrs.source ?? defaultSource,
      type: attrs.type,
      time: attrs.time,
      subject: attrs.subject,
      dataschema: attrs.dataschema,
      datacontenttype: attrs.datacontenttype,
      extensions,
    },
    attrs.data,
    prefix,
    fields,
  );
}

/**
 * The `ce-*` headers of a binary-mode request as text, by lower-case attribute name. Every one
 * is decoded (UTF-8, then the binding's percent-encoding), extensions too, and one 400 names
 * each that is not UTF-8, not well percent-encoded, or repeated (an attribute has one value;
 * joined, two ids would read as one "a, b").
 */
function binaryAttributes(headers: IngestRequest['headers']): Map<string, string> {
  const attributes = new Map<string, string>();
  const fields: FieldError[] = [];
  for (const [header, raw] of Object.entries(headers)) {
    const name = header.toLowerCase();
    if (!name.startsWith(BINARY_PREFIX) || raw === undefined) continue;
    if (Array.isArray(raw) && raw.length > 1) {
      fields.push({ field: name, messages: [`${name} appears ${raw.length} times; an attribute takes one value`] });
      continue;
    }
    try {
      attributes.set(name.slice(BINARY_PREFIX.length), percentDecode(decodeHeaderValue(Array.isArray(raw) ? raw[0] : raw, name), name));
    } catch (error) {
      if (!(error instanceof IngestError)) throw error;
      fields.push(...error.fields);
    }
  }
  if (fields.length > 0) throw new IngestError(400, fields.map((f) => f.messages[0]).join('; '), fields);
  return attributes;
}

function fromBinary(attributes: Map<string, string>, contentType: string, data: unknown, defaultSource: string): EventEnvelope {
  const h = (name: string) => attributes.get(name);
  const extensions = Object.fromEntries([...attributes].filter(([name]) => !BINARY_ATTRIBUTES.has(name)));
  return build(
    {
      specversion: h('specversion'),
      id: h('id'),
      source: h('source') ?? defaultSource,
      type: h('type'),
      time: h('time'),
      subject: h('subject'),
      dataschema: h('dataschema'),
      datacontenttype: contentType.trim(),
      extensions,
    },
    data,
    '',
  );
}

function build(attrs: AttributeInput, data: unknown, prefix: string, fields: FieldError[] = []): EventEnvelope {
  if (attrs.specversion !== '1.0') fields.push({ field: `${prefix}specversion`, messages: ['specversion must be "1.0"'] });
  const outcome = tryCreateEnvelope(orderRegistry, {
    type: attrs.type as string,
    source: attrs.source as string,
    id: attrs.id as string,
    time: attrs.time as string | undefined,
    subject: attrs.subject as string | undefined,
    dataschema: attrs.dataschema as string | undefined,
    datacontenttype: attrs.datacontenttype as string | undefined,
    extensions: attrs.extensions as Record<string, string>,
    data: data as object,
  });
  if ('envelope' in outcome && fields.length === 0) return outcome.envelope;
  if ('problems' in outcome) {
    const { attributes, unknownType, data: dataFields } = outcome.problems;
    for (const error of attributes) fields.push({ field: `${prefix}${error.attribute}`, messages: [error.message] });
    if (unknownType !== undefined) fields.push({ field: `${prefix}type`, messages: [`unknown event type "${unknownType}"`] });
    for (const f of dataFields) fields.push({ field: `${prefix}data${f.field === 'data' ? '' : `.${f.field}`}`, messages: f.messages });
  }
  throw new IngestError(400, `invalid event: ${fields.map((f) => f.field).join(', ')}`, fields);
}
