/** Checks per-key order as records are handled: each key's sequence numbers must rise. */
export class KeyOrderCheck {
  private readonly last = new Map<string, number>();
  violations = 0;

  see(key: string, seq: number): void {
    const previous = this.last.get(key);
    if (previous !== undefined && seq <= previous) this.violations += 1;
    this.last.set(key, seq);
  }
}
