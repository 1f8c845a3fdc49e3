import { ValidateBy, ValidationOptions } from 'class-validator';
import { isRfc3339DateTime } from './rfc3339';

/** Name of the constraint; the JSON Schema generator maps it to `format: date-time`. */
export const IS_DATE_TIME = 'isDateTime';

/** True for an RFC 3339 date-time with an offset (`2026-11-23T10:00:00Z`) that names a real day and time. */
export function isDateTime(value: unknown): boolean {
  return isRfc3339DateTime(value);
}

/**
 * An RFC 3339 date-time with an explicit offset, as JSON Schema's `date-time` format means it.
 * Stricter than ISO 8601: a time without offset is ambiguous across producers.
 */
export function IsDateTime(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_DATE_TIME,
      validator: {
        validate: (value) => isDateTime(value),
        defaultMessage: () => '$property must be an RFC 3339 date-time with an offset, e.g. 2026-11-23T10:00:00Z',
      },
    },
    options,
  );
}
