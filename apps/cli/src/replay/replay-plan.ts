import { PartitionBounds } from '../kafka/topic-positions';

/** What rewinding (or forwarding) a group does to one partition. */
export interface PartitionMove {
  partition: number;
  /** Committed offset now; null when the group never committed on this partition. */
  current: string | null;
  next: string;
  end: string;
  /** Records the group will handle again (they were handled before). */
  reread: number;
  /** Records the group will never handle (moved forward past them). */
  skipped: number;
  /** Records ahead of the group after the move. */
  lagAfter: number;
}

/** The move per partition from the committed offsets to the new ones. */
export function planMoves(bounds: PartitionBounds[], current: Map<number, bigint | null>, next: Map<number, bigint>): PartitionMove[] {
  return bounds.map((b) => {
    const from = current.get(b.partition) ?? null;
    const to = next.get(b.partition)!;
    const diff = from === null ? 0n : from - to;
    return {
      partition: b.partition,
      current: from?.toString() ?? null,
      next: to.toString(),
      end: b.high.toString(),
      reread: diff > 0n ? Number(diff) : 0,
      skipped: diff < 0n ? Number(-diff) : 0,
      lagAfter: Number(b.high - to),
    };
  });
}
