/**
 * Which offset of one partition is safe to commit. Records are handled out of offset order
 * (different keys run concurrently, a parked key waits), so the committable position is the
 * end of the contiguous prefix of settled records: committing past an unsettled one would lose
 * it on a restart. Offsets are kept as numbers: exact up to 2^53, which a partition written at a
 * million records per second reaches after 285 years.
 */
export class OffsetTracker {
  /** Offsets taken, in increasing order; those before `head` are settled. */
  private taken: number[] = [];
  private head = 0;
  /** Settled offsets at or after `head`. */
  private readonly settledAhead = new Set<number>();
  private readonly unsettledSet = new Set<number>();
  /** Offset after the last one taken. */
  private end?: number;
  private lastCommitted?: number;

  /** Registers a fetched record. Offsets must come in increasing order (gaps are fine). */
  add(offset: string): void {
    const value = offsetNumber(offset);
    if (this.end !== undefined && value < this.end) throw new Error(`offset ${offset} taken after ${this.end - 1}`);
    this.taken.push(value);
    this.unsettledSet.add(value);
    this.end = value + 1;
  }

  /** Marks a record settled: handled, dead-lettered or handed to a retry tier. */
  settle(offset: string): void {
    const value = Number(offset);
    if (!this.unsettledSet.delete(value)) return;
    this.settledAhead.add(value);
    while (this.head < this.taken.length && this.settledAhead.delete(this.taken[this.head])) this.head++;
    if (this.head > 1024 && this.head * 2 > this.taken.length) {
      this.taken = this.taken.slice(this.head);
      this.head = 0;
    }
  }

  /** The offset to commit now (the next record to read), or undefined when it would not move. */
  committable(): string | undefined {
    const position = this.head < this.taken.length ? this.taken[this.head] : this.end;
    if (position === undefined || (this.lastCommitted !== undefined && position <= this.lastCommitted)) return undefined;
    if (this.lastCommitted === undefined && position === this.taken[0]) return undefined;
    return position.toString();
  }

  /** Notes that a commit of `offset` succeeded, so it is not offered again. */
  markCommitted(offset: string): void {
    const value = Number(offset);
    if (this.lastCommitted === undefined || value > this.lastCommitted) this.lastCommitted = value;
  }

  /** Records taken and not yet settled. */
  get unsettled(): number {
    return this.unsettledSet.size;
  }
}

function offsetNumber(offset: string): number {
  const value = Number(offset);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`offset ${offset} is not a whole number below 2^53`);
  return value;
}
