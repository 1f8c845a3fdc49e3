/** The event a key is parked behind: it waits in a retry tier. */
export interface ParkedEvent {
  source: string;
  id: string;
  /** Retry tier it was last sent to. */
  tier: number;
}

/** Durable parking, so a restarted or new owner of a partition knows which keys wait. */
export interface ParkStore {
  load(topic: string, partition: number): Promise<Map<string, ParkedEvent>>;
  park(topic: string, partition: number, key: string, event: ParkedEvent): Promise<void>;
  release(topic: string, partition: number, key: string, event: Pick<ParkedEvent, 'source' | 'id'>): Promise<void>;
}

/** How the event a key waited behind ended. */
export type ParkOutcome = 'handled' | 'dead-lettered';

type Listener = (topic: string, partition: number, key: string, outcome: ParkOutcome) => void;

/**
 * Keys of source partitions that wait behind an event in a retry tier. While a key is parked,
 * its later events stay queued behind it; other keys flow. With a store, parking survives
 * restarts and moves with the partition; without, it lives in this process only.
 */
export class ParkingLot {
  /** Parked keys by partition; a partition without parked keys has no entry, so an empty lot is answered at once. */
  private readonly parked = new Map<string, Map<string, ParkedEvent>>();
  private readonly listeners: Listener[] = [];

  constructor(private readonly store?: ParkStore) {}

  /** True when parking is kept durably. */
  get durable(): boolean {
    return this.store !== undefined;
  }

  /** Reads the partition's parked keys from the store (no-op without one). */
  async load(topic: string, partition: number): Promise<void> {
    if (!this.store) return;
    const keys = await this.store.load(topic, partition);
    if (keys.size > 0) this.parked.set(slot(topic, partition), keys);
    else this.parked.delete(slot(topic, partition));
  }

  /** Forgets a partition this process no longer owns (only when another owner can load it). */
  forget(topic: string, partition: number): void {
    if (this.store) this.parked.delete(slot(topic, partition));
  }

  get(topic: string, partition: number, key: string): ParkedEvent | undefined {
    // Runs for every record: while nothing is parked, no slot name is built.
    if (this.parked.size === 0) return undefined;
    return this.parked.get(slot(topic, partition))?.get(key);
  }

  async park(topic: string, partition: number, key: string, event: ParkedEvent): Promise<void> {
    await this.store?.park(topic, partition, key, event);
    let keys = this.parked.get(slot(topic, partition));
    if (!keys) this.parked.set(slot(topic, partition), (keys = new Map()));
    keys.set(key, event);
  }

  /**
   * Releases the key if `event` is the one it waits behind. Returns whether it was. Runs for
   * every handled event, so the store is asked only when this process has the key parked by
   * that event (it loaded the partition's parked keys when it took the partition).
   */
  release(topic: string, partition: number, key: string, event: Pick<ParkedEvent, 'source' | 'id'>, outcome: ParkOutcome): Promise<boolean> {
    const current = this.get(topic, partition, key);
    if (!current || current.source !== event.source || current.id !== event.id) return NOT_PARKED;
    return this.unpark(topic, partition, key, event, outcome);
  }

  private async unpark(topic: string, partition: number, key: string, event: Pick<ParkedEvent, 'source' | 'id'>, outcome: ParkOutcome): Promise<boolean> {
    await this.store?.release(topic, partition, key, event);
    const keys = this.parked.get(slot(topic, partition));
    keys?.delete(key);
    if (keys?.size === 0) this.parked.delete(slot(topic, partition));
    for (const listener of this.listeners) listener(topic, partition, key, outcome);
    return true;
  }

  onRelease(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** Parked keys in this process. */
  get size(): number {
    let n = 0;
    for (const keys of this.parked.values()) n += keys.size;
    return n;
  }
}

const NOT_PARKED = Promise.resolve(false);

function slot(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
