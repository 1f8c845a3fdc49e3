import { FieldError, firstInvalidByte } from '@streamline/schemas';
import { IngestError } from './ingest.error';

// Fatal: a replacement character would let two different byte sequences become one event
// identity. ignoreBOM keeps a leading U+FEFF as text, so what arrives is exactly what was sent.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Unpaired UTF-16 surrogates: a JSON `\ud800` escape is well-formed JSON but no Unicode text. */
const LONE_SURROGATE = /\p{Cs}/u;

/** The text the bytes encode, or throws IngestError 400 naming `field` and the first bad byte. */
export function decodeUtf8(bytes: Uint8Array, field: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw notUtf8(field, firstInvalidByte(bytes));
  }
}

/**
 * The text of an HTTP header value. Node's HTTP parser hands header values over as latin1
 * strings (one character per byte), so the bytes the client sent are recovered exactly
 * and decoded as UTF-8, the encoding CloudEvents attributes are defined in.
 */
export function decodeHeaderValue(value: string, field: string): string {
  // Pure ASCII is the same text in latin1 and UTF-8: no copy for the common case.
  // eslint-disable-next-line no-control-regex -- NUL to DEL is exactly the ASCII range
  if (/^[\x00-\x7f]*$/.test(value)) return value;
  return decodeUtf8(Buffer.from(value, 'latin1'), field);
}

/** Whether a string holds an unpaired surrogate, which UTF-8 cannot carry. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** The 400 for bytes that are not UTF-8, naming the field and the offset of the first bad byte. */
export function notUtf8(field: string, offset: number): IngestError {
  const message = `${field} is not valid UTF-8 at byte ${offset}`;
  const fields: FieldError[] = [{ field, messages: [message] }];
  return new IngestError(400, message, fields);
}
