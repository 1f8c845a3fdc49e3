import { readFileSync } from 'node:fs';

/** The ports the kernel hands out as local ports of outgoing connections, inclusive. */
export interface PortRange {
  low: number;
  high: number;
}

/** Where Linux keeps the range; other systems have no such file and are not checked. */
export const EPHEMERAL_RANGE_FILE = '/proc/sys/net/ipv4/ip_local_port_range';

/** Reads the ephemeral port range ("32768\t60999"), or undefined where the file is missing or unreadable. */
export function readEphemeralPortRange(file = EPHEMERAL_RANGE_FILE): PortRange | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const [low, high] = text.trim().split(/\s+/).map(Number);
  if (!Number.isInteger(low) || !Number.isInteger(high) || low! > high!) return undefined;
  return { low: low!, high: high! };
}

/** The ports of `ports` that lie inside `range`. */
export function portsInRange(ports: number[], range: PortRange): number[] {
  return ports.filter((port) => port >= range.low && port <= range.high);
}

/**
 * Why a broker must not listen on these ports, or undefined when none is in the range.
 *
 * A client that keeps reconnecting to a dead listener on 127.0.0.1:P, with P in the ephemeral
 * range, is sooner or later given P itself as its local port; TCP's simultaneous open then
 * connects the socket to itself, and that connection holds P, so the restarted broker cannot
 * bind it. Seen with 33092 (the benchmark's old port) and 49092.
 */
export function ephemeralPortProblem(ports: number[], range: PortRange | undefined, highestPortOffset: number): string | undefined {
  if (!range) return undefined;
  const inside = portsInRange(ports, range);
  if (inside.length === 0) return undefined;
  const below = range.low - 1 - highestPortOffset;
  const advice = below >= 1024 ? `choose a base port up to ${below}` : `choose a base port above ${range.high}`;
  return (
    `port${inside.length > 1 ? 's' : ''} ${inside.join(', ')} lie in this machine's ephemeral port range ` +
    `${range.low}-${range.high} (${EPHEMERAL_RANGE_FILE}), where a reconnecting client can take a dead broker's port; ${advice}`
  );
}
