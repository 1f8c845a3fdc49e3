/**
 * The exact JSON Schema `pattern` of an ISO 8601 date-time as class-validator checks it with
 * `@IsISO8601({ strict: true, strictSeparator: true })` and `@Matches(/T/)`, the rule of the v1
 * event times. A `format` cannot say it (JSON Schema's `date-time` is RFC 3339, which wants an
 * offset and the extended form; ISO 8601 also allows `20261123T1000`, week and ordinal dates), so
 * the pattern spells out what validator.js accepts, calendar included: validator.js's regular
 * expression (without its back-reference and look-aheads, so that engines without them read it
 * too), then its strict date check: a month's days, 29 February in leap years only, day 366 in
 * leap years only. `iso8601-pattern.spec.ts` compares the two on generated dates.
 */

/** Years from 1000: validator.js checks a full date with `new Date('<year>-MM-DD')` and an unpadded year below 1000 is not ISO to it (see DATE). */
const YEAR = '[1-9]\\d{3}';
/** Leap years from 1000: divisible by 4 but not by 100, or by 400. */
const LEAP_YEAR = String.raw`(?:[1-9]\d(?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)`;

/** Month and day, the month's length respected (29 February left to the leap-year branch). */
function monthDay(separator: string): string {
  return (
    `(?:(?:0[13578]|1[02])${separator}(?:0[1-9]|[12]\\d|3[01])` + `|(?:0[469]|11)${separator}(?:0[1-9]|[12]\\d|30)` + `|02${separator}(?:0[1-9]|1\\d|2[0-8]))`
  );
}

/**
 * Dates. validator.js decides calendar validity on the text: an unsigned ordinal date (`2026-327`)
 * by its day of the year; anything else by reading the first four digits, up to two more as the
 * month and the rest as the day, and only when both are non-zero building a `Date` of them. A
 * signed ordinal date (`+2026-327`) is therefore read as month `32`, day `7`, and accepted only
 * when the day digit is 0 or the two digits make a month (≤ 12). Its expression also leaves out
 * day 360 of the year (`3([0-5]\d|6[1-6])`), so the pattern does. The `Date` is built from the year
 * as a number, `new Date('999-02-28')`, which JavaScript parses as local time: years 0000–0099
 * always fail, years 0100–0999 fail east of UTC and pass elsewhere; the pattern refuses them.
 */
const DATE = [
  String.raw`[+-]?\d{4}-?(?:0[1-9]|1[0-2])`,
  String.raw`[+-]?${YEAR}(?:-${monthDay('-')}|${monthDay('')})`,
  String.raw`[+-]?${LEAP_YEAR}(?:-02-29|0229)`,
  String.raw`[+-]?\d{4}-?W(?:[0-4]\d|5[0-3])(?:-?[1-7])?`,
  String.raw`\d{4}-?(?:00[1-9]|0[1-9]\d|[12]\d{2}|3[0-5]\d|36[1-5])`,
  String.raw`${LEAP_YEAR}-?366`,
  String.raw`[+-]${YEAR}-?(?:00[1-9]|0[1-9]\d|1[0-2]\d|(?:1[3-9]|2\d|3[0-5])0)`,
  String.raw`[+-]0\d{3}-?(?:00[1-9]|(?:0[1-9]|[12]\d|3[0-5])0)`,
].join('|');

const HOUR = '(?:[01]\\d|2[0-3])';
const SIXTY = '[0-5]\\d';
const FRACTION = '(?:[.,]\\d+)';
/**
 * After the `T`, everything optional, as in validator.js: hours, minutes and seconds share one
 * separator (`10:00:00` or `100000`); seconds after hours alone, after `24:00` or on their own
 * take none; a fraction of the minutes is not followed by `:seconds`.
 */
const TIME =
  `(?:(?:${HOUR}(?:${SIXTY}${FRACTION}?|${FRACTION})?|24:?00${FRACTION}?)?(?:${SIXTY}${FRACTION}?)?` +
  `|${HOUR}:${SIXTY}(?:${FRACTION}|:${SIXTY}${FRACTION}?)?)`;
const OFFSET = `(?:[zZ]|[+-]${HOUR}:?(?:${SIXTY})?)`;

/** The pattern, anchored; `maxLength` is published beside it. */
export const ISO8601_DATE_TIME_PATTERN = `^(?:${DATE})T${TIME}${OFFSET}?$`;
