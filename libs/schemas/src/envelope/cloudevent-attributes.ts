import { isRfc3339DateTime } from '../validation/rfc3339';
import { isJsonMediaType } from './media-type';
import { isAbsoluteUri, isUriReference } from './uri-reference';

/** The context attributes CloudEvents 1.0 defines; every other attribute is an extension. */
export const CORE_ATTRIBUTES = ['specversion', 'id', 'source', 'type', 'datacontenttype', 'dataschema', 'subject', 'time'] as const;

/** Names an event may not use for an extension: the core attributes and the JSON format's data members. */
const RESERVED_NAMES = new Set<string>([...CORE_ATTRIBUTES, 'data', 'data_base64']);

/**
 * An attribute name as CloudEvents 1.0 allows it: lower-case ASCII letters and digits, at most
 * 20 characters (the spec's SHOULD, which the official SDKs enforce on extensions).
 */
const ATTRIBUTE_NAME = /^[a-z0-9]{1,20}$/;

/** Upper bound of `id`, `source`, `type` and `subject`. */
export const MAX_ATTRIBUTE_LENGTH = 256;
/** Upper bound of `dataschema`, `datacontenttype` and each extension's value (a `tracestate` fits). */
export const MAX_LONG_ATTRIBUTE_LENGTH = 1024;
/** Most extension attributes one event may carry. */
export const MAX_EXTENSIONS = 32;

/** Unpaired surrogates (UTF-8 cannot carry them) and control characters, which CloudEvents strings exclude. */
const LONE_SURROGATE = /\p{Cs}/u;
// eslint-disable-next-line no-control-regex -- exactly the control ranges the CloudEvents String type excludes
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** True for a valid extension attribute name: `traceparent`, `tenant`, `partitionkey`. */
export function isExtensionName(name: string): boolean {
  return ATTRIBUTE_NAME.test(name) && !RESERVED_NAMES.has(name);
}

/** Attributes as a client gives them, before they are checked. */
export interface AttributeInput {
  specversion?: unknown;
  id: unknown;
  source: unknown;
  type: unknown;
  time?: unknown;
  subject?: unknown;
  dataschema?: unknown;
  datacontenttype?: unknown;
  extensions?: Record<string, unknown>;
}

/** The optional attributes once checked; extension values in their canonical string form. */
export interface CheckedAttributes {
  time?: string;
  subject?: string;
  dataschema?: string;
  datacontenttype?: string;
  extensions?: Record<string, string>;
}

/** One invalid attribute: its name as given, whether it is an extension, and what is wrong. */
export interface AttributeError {
  attribute: string;
  extension: boolean;
  message: string;
}

/**
 * Checks CloudEvents attributes: `specversion` 1.0 when given; `id`, `type` non-empty; `source`
 * a URI reference; `time` RFC 3339 (kept as sent, offset included: never re-written to UTC);
 * `subject`; `dataschema` an absolute URI; `datacontenttype` a JSON media type, parameters
 * allowed; extensions with valid names and string, boolean or integer values (carried as their
 * canonical strings, the form every binding can hold). Reports every problem, not the first.
 */
export function checkAttributes(input: AttributeInput): { attributes: CheckedAttributes; errors: AttributeError[] } {
  const errors: AttributeError[] = [];
  const fail = (attribute: string, message: string, extension = false) => errors.push({ attribute, extension, message });
  const text = (name: string, value: unknown, max: number): value is string => {
    if (typeof value !== 'string' || value.length === 0 || value.length > max) {
      fail(name, `${name} must be a non-empty string of at most ${max} characters`);
      return false;
    }
    if (LONE_SURROGATE.test(value)) {
      // UTF-8 cannot carry it: the Kafka header would hold U+FFFD, one identity for many ids.
      fail(name, `${name} must be Unicode text: it holds an unpaired surrogate escape`);
      return false;
    }
    if (CONTROL.test(value)) {
      fail(name, `${name} must not contain control characters`);
      return false;
    }
    return true;
  };
  if (input.specversion !== undefined && input.specversion !== '1.0') fail('specversion', 'specversion must be "1.0"');
  text('id', input.id, MAX_ATTRIBUTE_LENGTH);
  text('type', input.type, MAX_ATTRIBUTE_LENGTH);
  if (text('source', input.source, MAX_ATTRIBUTE_LENGTH) && !isUriReference(input.source)) {
    fail('source', 'source must be a URI reference (RFC 3986): no spaces, non-ASCII characters percent-encoded');
  }
  const attributes: CheckedAttributes = {};
  if (input.time !== undefined) {
    if (isRfc3339DateTime(input.time)) attributes.time = input.time;
    else fail('time', 'time must be an RFC 3339 date-time with an offset that names a real day, e.g. 2026-11-23T10:00:00Z');
  }
  if (input.subject !== undefined && text('subject', input.subject, MAX_ATTRIBUTE_LENGTH)) attributes.subject = input.subject;
  if (input.dataschema !== undefined && text('dataschema', input.dataschema, MAX_LONG_ATTRIBUTE_LENGTH)) {
    if (isAbsoluteUri(input.dataschema)) attributes.dataschema = input.dataschema;
    else fail('dataschema', 'dataschema must be an absolute URI');
  }
  if (input.datacontenttype !== undefined && text('datacontenttype', input.datacontenttype, MAX_LONG_ATTRIBUTE_LENGTH)) {
    if (isJsonMediaType(input.datacontenttype)) attributes.datacontenttype = input.datacontenttype;
    else fail('datacontenttype', 'datacontenttype must be application/json (parameters allowed, charset utf-8) or another +json type');
  }
  const extensions = checkExtensions(input.extensions ?? {}, fail);
  if (extensions) attributes.extensions = extensions;
  return { attributes, errors };
}

function checkExtensions(
  input: Record<string, unknown>,
  fail: (attribute: string, message: string, extension: boolean) => void,
): Record<string, string> | undefined {
  const names = Object.keys(input);
  if (names.length === 0) return undefined;
  if (names.length > MAX_EXTENSIONS) fail('extensions', `at most ${MAX_EXTENSIONS} extension attributes are allowed, got ${names.length}`, true);
  const extensions: Record<string, string> = {};
  for (const name of names) {
    const value = input[name];
    if (!isExtensionName(name)) {
      const why = RESERVED_NAMES.has(name) ? 'is a reserved name' : 'must be 1–20 lower-case letters (a–z) or digits';
      fail(name, `attribute name "${name}" ${why}`, true);
      continue;
    }
    const canonical = extensionString(value);
    if (canonical === undefined) {
      fail(name, `${name} must be a string, a boolean or an integer`, true);
    } else if (canonical.length > MAX_LONG_ATTRIBUTE_LENGTH || LONE_SURROGATE.test(canonical) || CONTROL.test(canonical)) {
      fail(name, `${name} must be text of at most ${MAX_LONG_ATTRIBUTE_LENGTH} characters, without control characters or unpaired surrogates`, true);
    } else {
      extensions[name] = canonical;
    }
  }
  return extensions;
}

/** The canonical string of an extension value (CloudEvents type system), or undefined when it has no such type. */
function extensionString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isInteger(value) && value >= -2147483648 && value <= 2147483647) return String(value);
  return undefined;
}
