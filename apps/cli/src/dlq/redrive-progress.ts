/**
 * Progress of re-driving one dead-letter partition, kept as the redrive group's committed offset
 * plus the commit's metadata: the committed offset is the first record not yet sent, and the
 * metadata lists the offsets after it that a filtered redrive already sent (`12-40,45`).
 * So a second redrive sends nothing twice, and a later one with other filters still finds
 * the records the first one left.
 */
export class RedriveProgress {
  private readonly sent: Set<bigint>;
  /** Set once a record of this run was left unsent: the committed offset cannot pass it. */
  private blocked = false;

  constructor(
    private committed: bigint,
    sentAfter: Iterable<bigint> = [],
  ) {
    this.sent = new Set([...sentAfter].filter((o) => o >= committed));
  }

  /** Restores progress from a committed offset and its metadata. */
  static parse(offset: bigint, metadata: string | null | undefined): RedriveProgress {
    const sent: bigint[] = [];
    for (const part of (metadata ?? '').split(',').filter(Boolean)) {
      const [from, to] = part.split('-').map((s) => BigInt(s));
      for (let o = from; o <= (to ?? from); o++) sent.push(o);
    }
    return new RedriveProgress(offset, sent);
  }

  get offset(): bigint {
    return this.committed;
  }

  wasSent(offset: bigint): boolean {
    return offset < this.committed || this.sent.has(offset);
  }

  markSent(offset: bigint): void {
    if (offset >= this.committed) this.sent.add(offset);
  }

  /**
   * Moves the committed offset over the records read in order (`offsets`, ascending, the records
   * following those of earlier calls) while each was sent; `end` is where the read stopped,
   * reached when every record up to it was sent.
   */
  advance(offsets: bigint[], end: bigint): void {
    if (this.blocked) return;
    let next = this.committed;
    let allSent = true;
    for (const offset of offsets) {
      if (offset < next) continue;
      if (!this.sent.has(offset)) {
        allSent = false;
        this.blocked = true;
        break;
      }
      next = offset + 1n;
    }
    if (allSent && end > next) next = end;
    this.committed = next;
    for (const offset of [...this.sent]) if (offset < next) this.sent.delete(offset);
  }

  /** The sent offsets after the committed one, as ranges: `12-40,45`. */
  metadata(): string {
    const sorted = [...this.sent].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const ranges: string[] = [];
    for (let i = 0; i < sorted.length;) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1n) j++;
      ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
      i = j + 1;
    }
    return ranges.join(',');
  }
}
