import { UsageError } from '../errors/cli.errors';
import { parseDuration } from './durations';

/** A point in a topic's history as typed on the command line. */
export type PositionSpec =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'time'; ms: number; text: string }
  | { kind: 'offsets'; offsets: Map<number, bigint> }
  | { kind: 'shift'; by: bigint };

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Parses `beginning`/`earliest`, `end`/`latest`, an ISO 8601 time, a duration back from now
 * (`15m`, `2h`, `7d`), and where `allowOffsets` is set, offsets per partition (`0:120,3:80`)
 * or a shift of the current position (`shift:-100`).
 */
export function parsePosition(text: string, flag: string, { allowOffsets = false, now = Date.now() } = {}): PositionSpec {
  const value = text.trim();
  if (value === 'beginning' || value === 'earliest') return { kind: 'earliest' };
  if (value === 'end' || value === 'latest') return { kind: 'latest' };
  const duration = parseDuration(value);
  if (duration !== undefined) return { kind: 'time', ms: now - duration, text: new Date(now - duration).toISOString() };
  if (ISO_DATE_TIME.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return { kind: 'time', ms, text: new Date(ms).toISOString() };
  }
  if (allowOffsets) {
    const shift = /^shift:([+-]?\d+)$/.exec(value);
    if (shift) return { kind: 'shift', by: BigInt(shift[1]) };
    if (/^\d+:\d+(,\d+:\d+)*$/.test(value)) {
      const offsets = new Map(
        value
          .split(',')
          .map((pair) => pair.split(':'))
          .map(([p, o]) => [Number(p), BigInt(o)] as const),
      );
      return { kind: 'offsets', offsets };
    }
  }
  const offsets = allowOffsets ? ', offsets per partition (0:120,3:80) or shift:-N' : '';
  throw new UsageError(
    `${flag} must be beginning, end, an ISO 8601 time (2026-11-23T10:00:00Z) or a duration back from now (15m, 2h, 7d)${offsets}; got "${text}"`,
  );
}
