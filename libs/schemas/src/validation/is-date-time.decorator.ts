import { ValidateBy, ValidationOptions } from 'class-validator';

/** Name of the constraint; the JSON Schema generator maps it to `format: date-time`. */
export const IS_DATE_TIME = 'isDateTime';

const RFC3339_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

/** True for an RFC 3339 date-time with an offset (`2026-11-23T10:00:00Z`) that names a real instant. */
export function isDateTime(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 40) return false;
  const match = RFC3339_DATE_TIME.exec(value);
  if (!match) return false;
  const [, , month, day, hour, minute, second] = match.map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return false;
  return !Number.isNaN(Date.parse(value));
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
