import { getMetadataStorage, IS_ISO8601, IS_OPTIONAL, MATCHES, ValidationTypes } from 'class-validator';
import type { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import type { ValidationMetadata } from '../validation/validation-metadata';
import { EMAIL_ADDRESS_PATTERN, IS_EMAIL_ADDRESS } from '../validation/email-address';
import { IS_DATE_TIME } from '../validation/is-date-time.decorator';
import { IS_ISO8601_DATE_TIME } from '../validation/is-iso8601-date-time.decorator';
import { MAX_DATE_TIME_LENGTH, RFC3339_DATE_TIME_PATTERN } from '../validation/rfc3339';
import { ISO8601_DATE_TIME_PATTERN } from './iso8601-pattern';

/**
 * Marks a property schema whose value may also be `null`: `@IsOptional()` skips every other
 * rule for `null` as for a missing property. Replaced by `allowNull` once the schema is built.
 */
export const NULLABLE_MARK = 'x-streamline-nullable';

type Json = { [key: string]: unknown };
type SchemaConverters = NonNullable<NonNullable<Parameters<typeof validationMetadatasToSchemas>[0]>['additionalConverters']>;

/** The other rules of `meta`'s property, as class-validator runs them. */
function siblings(meta: ValidationMetadata): ValidationMetadata[] {
  if (typeof meta.target !== 'function') return [];
  return getMetadataStorage()
    .getTargetValidationMetadatas(meta.target, '', true, false)
    .filter((other) => other.propertyName === meta.propertyName && other !== meta);
}

/**
 * `@IsISO8601({ strict: true, strictSeparator: true })` with `@Matches(/T/)` beside it: an ISO
 * 8601 date-time, whose exact pattern is known. Any other ISO 8601 rule keeps a description only.
 */
function isIso8601DateTime(meta: ValidationMetadata): boolean {
  const options = (meta.constraints?.[0] ?? {}) as { strict?: boolean; strictSeparator?: boolean };
  const requiresTime = siblings(meta).some((other) => other.name === MATCHES && isRequireT(other.constraints?.[0], other.constraints?.[1]));
  return options.strict === true && options.strictSeparator === true && requiresTime;
}

function isRequireT(pattern: unknown, modifiers: unknown): boolean {
  return pattern instanceof RegExp ? pattern.source === 'T' && pattern.flags === '' : pattern === 'T' && !modifiers;
}

/**
 * The keywords of our own constraints and of the class-validator ones whose library mapping says
 * less, or more, than the validator checks; each published keyword set accepts exactly what the
 * runtime accepts (`libs/orders/src/contract-differential.spec.ts` compares them).
 */
export const SCHEMA_CONVERTERS: SchemaConverters = {
  // RFC 3339 date-time; ajv and others also take a space for the `T`, which the pattern refuses.
  [IS_DATE_TIME]: { type: 'string', format: 'date-time', pattern: RFC3339_DATE_TIME_PATTERN, maxLength: MAX_DATE_TIME_LENGTH },
  [IS_EMAIL_ADDRESS]: { type: 'string', pattern: EMAIL_ADDRESS_PATTERN },
  // The v1 event times: checked with the very pattern published.
  [IS_ISO8601_DATE_TIME]: { type: 'string', pattern: ISO8601_DATE_TIME_PATTERN, description: 'ISO 8601 date-time' },
  [IS_ISO8601]: (meta: ValidationMetadata): Json =>
    isIso8601DateTime(meta)
      ? { type: 'string', pattern: ISO8601_DATE_TIME_PATTERN, description: 'ISO 8601 date-time' }
      : { type: 'string', description: 'ISO 8601 date or date-time' },
  // The `T` of an ISO 8601 date-time is part of its pattern already.
  [MATCHES]: (meta: ValidationMetadata): Json => {
    const iso = siblings(meta).find((other) => other.name === IS_ISO8601);
    if (iso && isRequireT(meta.constraints?.[0], meta.constraints?.[1]) && isIso8601DateTime(iso)) return { type: 'string' };
    const pattern = meta.constraints?.[0] as RegExp | string;
    return { pattern: pattern instanceof RegExp ? pattern.source : pattern, type: 'string' };
  },
  [ValidationTypes.CONDITIONAL_VALIDATION]: (meta: ValidationMetadata): Json => (meta.name === IS_OPTIONAL ? { [NULLABLE_MARK]: true } : {}),
};

/**
 * A property schema that also accepts `null`: `null` added to its `type`, or, for a reference to
 * a class, the reference or `null`.
 */
export function allowNull(schema: Json): Json {
  const { [NULLABLE_MARK]: _mark, ...rest } = schema;
  if (typeof rest.$ref === 'string') {
    const { $ref, type: _type, ...annotations } = rest;
    return { ...annotations, anyOf: [{ $ref }, { type: 'null' }] };
  }
  if (rest.type === undefined) return rest;
  const types = Array.isArray(rest.type) ? rest.type : [rest.type];
  return { ...rest, type: types.includes('null') ? types : [...types, 'null'] };
}
