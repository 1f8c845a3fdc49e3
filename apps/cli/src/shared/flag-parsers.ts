import { UsageError } from '../errors/cli.errors';

/** A whole number ≥ min, or a UsageError naming the flag. */
export function parseCount(value: string, flag: string, min = 1): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag} must be a whole number ≥ ${min}, got "${value}"`);
  return n;
}

/** A comma-separated list, accumulated over repeated flags. */
export function parseList(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  ];
}

/** `500`, `500/s` or `500/m` records per second. */
export function parseRate(value: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(?:\/(s|m))?$/.exec(value.trim());
  const rate = match ? Number(match[1]) / (match[2] === 'm' ? 60 : 1) : NaN;
  if (!(rate > 0)) throw new UsageError(`${flag} must be a rate such as 500/s or 1000/m, got "${value}"`);
  return rate;
}
