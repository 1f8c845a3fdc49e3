import { CE_HEADERS, DEAD_LETTER_HEADERS, decodeRecord, DecodeError, headerString } from '@streamline/schemas';
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
  try {
    decodeRecord({ key: record.key, value: record.value, headers: stripDeadLetterHeaders(record.headers) });
  } catch (error) {
    view.valid = false;
    view.error = error instanceof DecodeError ? { reason: error.reason, message: error.message } : { reason: 'error', message: String(error) };
  }
  return view;
}

/** One readable line: time, position, key, type, id, data (or why it is invalid). */
export function formatRecordLine(view: RecordView): string {
  const id = view.headers[CE_HEADERS.id];
  const data = typeof view.data === 'string' ? JSON.stringify(view.data) : JSON.stringify(view.data);
  const verdict = view.valid ? '' : ` INVALID ${view.error!.reason}: ${view.error!.message} |`;
  return `${view.timestamp} ${view.topic}/${view.partition}@${view.offset} key=${view.key ?? '-'} ${view.type ?? '(no type)'}${id ? ` id=${id}` : ''}${verdict} ${truncate(data, 2000)}`;
}

/** The original headers of a dead-letter record: every header the runtime added removed. */
export function stripDeadLetterHeaders<H extends object>(headers: H): H {
  const added = new Set<string>(Object.values(DEAD_LETTER_HEADERS));
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !added.has(name))) as H;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}
