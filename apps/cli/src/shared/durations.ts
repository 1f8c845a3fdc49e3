const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses `15m`, `2h`, `7d`, `500ms`, `1h30m` into milliseconds; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const parts = /^(\d+(?:ms|s|m|h|d|w))+$/.test(text) ? text.match(/\d+(?:ms|s|m|h|d|w)/g) : null;
  if (!parts) return undefined;
  return parts.reduce((sum, part) => {
    const [, amount, unit] = /^(\d+)(ms|s|m|h|d|w)$/.exec(part)!;
    return sum + Number(amount) * UNITS[unit];
  }, 0);
}

/** Milliseconds as the largest whole unit that fits (`7d`, `36h`, `90s`); `forever` for -1. */
export function formatDuration(ms: number): string {
  if (ms < 0) return 'forever';
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    if (ms >= UNITS[unit] && ms % UNITS[unit] === 0) return `${ms / UNITS[unit]}${unit}`;
  }
  return `${ms}ms`;
}
