import { ValidateBy, ValidationOptions } from 'class-validator';
import { ISO8601_DATE_TIME_PATTERN } from '../contract/iso8601-pattern';

/** Name of the constraint; the JSON Schema generator publishes its pattern as it is. */
export const IS_ISO8601_DATE_TIME = 'isIso8601DateTime';

const ISO8601_DATE_TIME = new RegExp(ISO8601_DATE_TIME_PATTERN, 'u');

/** True for an ISO 8601 date-time as the v1 event times take it; the same answer in every time zone. */
export function isIso8601DateTime(value: unknown): boolean {
  return typeof value === 'string' && ISO8601_DATE_TIME.test(value);
}

/**
 * An ISO 8601 date-time (a `T` required, the offset optional, basic and extended forms, week and
 * ordinal dates): the rule of the v1 event times, which were validated with class-validator's
 * `@IsISO8601({ strict: true, strictSeparator: true })` and `@Matches(/T/)`. It is checked with
 * the pattern the JSON Schema publishes (`iso8601-pattern.ts`, compared with class-validator on
 * generated dates), because validator.js decides a full date of the years 0100–0999 by parsing it
 * in the server's time zone (refused east of UTC, accepted elsewhere); the pattern refuses them
 * everywhere.
 */
export function IsIso8601DateTime(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_ISO8601_DATE_TIME,
      validator: {
        validate: (value) => isIso8601DateTime(value),
        defaultMessage: () => '$property must be an ISO 8601 date-time, e.g. 2026-11-23T10:00:00Z',
      },
    },
    options,
  );
}
