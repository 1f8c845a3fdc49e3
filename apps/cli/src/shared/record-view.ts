import { CE_HEADERS, DEAD_LETTER_HEADERS, decodeRecord, DecodeError, headerString, recordAttributes } from '@streamline/schemas';
import { orderRegistry } from '@streamline/orders';
import { ReadRecord } from '../kafka/record-reader';

/** A record as the command line shows it: position, key, headers as strings, data, and whether it decodes. */
export interface RecordView {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: string | null;
  headers: Record<string, string>;
  type: string | null;
  /**
   * The event's CloudEvents attributes, extensions included, whichever content mode carried
   * them (shown even when its data is invalid); absent when it carries none.
   */
  attributes?: Record<string, string>;
  data: unknown;
  /** True when the record decodes and its data validates against its event type's schema. */
  valid: boolean;
  error?: { reason: string; message: string };
}

/** Decodes a record with the schemas, keeping what does not decode visible rather than dropping it. */
export function viewRecord(record: ReadRecord): RecordView {
  const headers = Object.fromEntries(
    Object.keys(record.headers).flatMap((name) => {
      const value = headerString(record.headers, name);
      return value === undefined ? [] : [[name, value]];
    }),
  );
  const text = record.value?.toString('utf8') ?? null;
  let data: unknown = text;
  try {
    data = text === null ? null : JSON.parse(text);
  } catch {
    // not JSON: shown as the raw text
  }
  const view: RecordView = {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: new Date(Number(record.timestamp)).toISOString(),
    key: record.key?.toString('utf8') ?? null,
    headers,
    type: headers[CE_HEADERS.type] ?? null,
    data,
    valid: true,
  };
  const attributes = recordAttributes({ key: record.key, value: record.value, headers: record.headers });
  if (attributes) view.attributes = attributes;
  if (view.type === null && attributes?.type !== undefined) view.type = attributes.type;
  try {
    const decoded = decodeRecord(orderRegistry, { key: record.key, value: record.value, headers: stripDeadLetterHeaders(record.headers) });
    view.type = decoded.type;
    // A structured-mode record's value is the whole event: show the data as data.
    if (headers[CE_HEADERS.type] === undefined) view.data = JSON.parse(JSON.stringify(decoded.data));
  } catch (error) {
    view.valid = false;
    view.error = error instanceof DecodeError ? { reason: error.reason, message: error.message } : { reason: 'error', message: String(error) };
  }
  return view;
}

/** One readable line: time, position, key, type, id, data (or why it is invalid). */
export function formatRecordLine(view: RecordView): string {
  const id = view.attributes?.id ?? view.headers[CE_HEADERS.id];
  const data = typeof view.data === 'string' ? JSON.stringify(view.data) : JSON.stringify(view.data);
  const verdict = view.valid ? '' : ` INVALID ${view.error!.reason}: ${view.error!.message} |`;
  return `${view.timestamp} ${view.topic}/${view.partition}@${view.offset} key=${view.key ?? '-'} ${view.type ?? '(no type)'}${id ? ` id=${id}` : ''}${optionalAttributes(view)}${verdict} ${truncate(data, 2000)}`;
}

/** The attributes beyond id, source, type and time (subject, dataschema, extensions) as ` name=value`. */
function optionalAttributes(view: RecordView): string {
  const shown = new Set(['id', 'source', 'type', 'specversion', 'time', 'datacontenttype']);
  return Object.entries(view.attributes ?? {})
    .filter(([name]) => !shown.has(name))
    .map(([name, value]) => ` ${name}=${value}`)
    .join('');
}

/** The original headers of a dead-letter record: every header the runtime added removed. */
export function stripDeadLetterHeaders<H extends object>(headers: H): H {
  const added = new Set<string>(Object.values(DEAD_LETTER_HEADERS));
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !added.has(name))) as H;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}
