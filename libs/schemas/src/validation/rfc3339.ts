/**
 * RFC 3339 `date-time` (section 5.6), as JSON Schema's `date-time` format and the CloudEvents
 * `Timestamp` type mean it: a full date, `T` (or `t`), a full time and an explicit offset.
 * `Date.parse` is not used to decide: it accepts `2026`, reads `December 17, 1995 03:24:00` in the
 * server's time zone and rolls `2026-02-30` over into March.
 * The syntax is RFC3339_DATE_TIME_PATTERN, which the JSON Schema publishes beside `format:
 * date-time` (the format checkers also take a space, or an offset without its colon, for it).
 */
export const RFC3339_DATE_TIME_PATTERN = '^(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?([Zz]|([+-])(\\d{2}):(\\d{2}))$';
const DATE_TIME = new RegExp(RFC3339_DATE_TIME_PATTERN);

/** Longest accepted text, the bound the generated JSON Schema states (`maxLength`). */
export const MAX_DATE_TIME_LENGTH = 40;

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * True for an RFC 3339 date-time that names a real calendar day: `2026-02-30T10:00:00Z` and
 * `24:00:00` are refused. A leap second (`:60`) is accepted only where one can fall, at 23:59
 * UTC (after applying the offset), as the JSON Schema format checkers do.
 */
export function isRfc3339DateTime(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_DATE_TIME_LENGTH) return false;
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return false;
  if (hour > 23 || minute > 59 || second > 60) return false;
  if (match[9] !== undefined) {
    const offsetHour = Number(match[10]);
    const offsetMinute = Number(match[11]);
    if (offsetHour > 23 || offsetMinute > 59) return false;
    if (second === 60) {
      const sign = match[9] === '+' ? 1 : -1;
      const utcMinutes = (((hour * 60 + minute - sign * (offsetHour * 60 + offsetMinute)) % 1440) + 1440) % 1440;
      return utcMinutes === 23 * 60 + 59;
    }
  } else if (second === 60) {
    return hour === 23 && minute === 59;
  }
  return true;
}
