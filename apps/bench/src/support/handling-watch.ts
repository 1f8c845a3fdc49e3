/** When a member's count of handled events last changed, sampled from its `/metrics`. */
interface MemberTrace {
  url: string;
  /** [time ms, handled] each time the count moved. */
  moves: [number, number][];
  last: number;
}

const HANDLED = /^streamline_consumer_events_handled_total(?:\{[^}]*\})? (\d+(?:\.\d+)?)/gm;

/** Sum of the consumer's handled-events counter in a Prometheus text page. */
export function handledIn(metrics: string): number {
  let total = 0;
  for (const match of metrics.matchAll(HANDLED)) total += Number(match[1]);
  return total;
}

/**
 * Polls every member's handled-events counter every `intervalMs` and keeps when it moved, so the
 * longest stretch a member handled nothing while records kept arriving can be read afterwards:
 * the pause a rebalance costs that member.
 */
export class HandlingWatch {
  private readonly members = new Map<string, MemberTrace>();
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(private readonly intervalMs = 50) {}

  watch(name: string, url: string): void {
    this.members.set(name, { url, moves: [], last: -1 });
  }

  start(): void {
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Longest time within [from, to] that `name` handled nothing (ms); its whole window when it never moved. */
  longestGap(name: string, from: number, to: number): number {
    const moves =
      this.members
        .get(name)
        ?.moves.filter(([t]) => t >= from && t <= to)
        .map(([t]) => t) ?? [];
    const points = [from, ...moves, to];
    let gap = 0;
    for (let i = 1; i < points.length; i++) gap = Math.max(gap, points[i] - points[i - 1]);
    return gap;
  }

  /** Events `name` handled within [from, to]. */
  handledBetween(name: string, from: number, to: number): number {
    const moves = this.members.get(name)?.moves ?? [];
    const at = (t: number) => moves.filter(([when]) => when <= t).at(-1)?.[1] ?? 0;
    return at(to) - at(from);
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      await Promise.all(
        [...this.members.values()].map(async (member) => {
          const text = await fetch(`${member.url}/metrics`, { signal: AbortSignal.timeout(1000) }).then(
            (r) => (r.ok ? r.text() : undefined),
            () => undefined,
          );
          if (text === undefined) return;
          const handled = handledIn(text);
          if (handled !== member.last) {
            member.moves.push([Date.now(), handled]);
            member.last = handled;
          }
        }),
      );
    } finally {
      this.polling = false;
    }
  }
}
