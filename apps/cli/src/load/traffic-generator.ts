import { formatEpochMicros, loadSourceFor } from '@streamline/kafka';
import { orderRegistry, SampleEventGenerator, SeededRandom } from '@streamline/orders';
import { LoadEvent } from './load-sender';
import { TypeWeight } from './load-plan';

/** One ordering key of story traffic and where its order stands. */
interface StorySlot {
  key: string;
  /** 0: to be placed, 1: placed, 2: paid. */
  step: number;
  /** An event of this key is unanswered; the next one waits, so per-key order cannot be lost in transit. */
  busy: boolean;
}

/**
 * The traffic of a run, from the registry's sample generator, over `keys` ordering keys, with
 * the run's intended send times. Two kinds:
 * - stories (no `types` given): each key lives an order's life, placed → paid → shipped or
 *   cancelled, then a new order takes its place, so a consumer that enforces those transitions
 *   accepts every event. A key with an unanswered event is not drawn again until it is answered.
 * - a type mix (`types`): independent events drawn by weight over the keys.
 * Same seed and run id, same events.
 */
export class TrafficGenerator {
  private readonly random: SeededRandom;
  private readonly samples: SampleEventGenerator;
  private readonly slots: StorySlot[];
  private readonly byKey = new Map<string, StorySlot>();
  private readonly cumulative?: { type: string; upTo: number }[];

  constructor(
    types: TypeWeight[] | undefined,
    keys: number,
    seed: number,
    runId: string,
    private readonly payloadBytes?: number,
  ) {
    this.random = new SeededRandom(`load-${seed}-${runId}`);
    this.samples = new SampleEventGenerator({ seed });
    this.slots = Array.from({ length: keys }, () => this.newSlot());
    if (types) {
      const total = types.reduce((sum, t) => sum + t.weight, 0);
      let upTo = 0;
      this.cumulative = types.map((t) => ({ type: t.type, upTo: (upTo += t.weight / total) }));
    }
  }

  /** The next event of run `runId`, stamped with its intended send time. */
  next(runId: string, intendedMicros: number): LoadEvent {
    const { type, key } = this.cumulative ? this.drawFromMix() : this.drawFromStories();
    const data = { ...this.samples.next(type).data } as Record<string, unknown>;
    data[orderRegistry.find(type)!.keyField] = key;
    if (this.payloadBytes) growTo(data, this.payloadBytes);
    return { id: this.random.uuid(), source: loadSourceFor(runId), type, time: formatEpochMicros(intendedMicros), intendedMicros, data };
  }

  /** The events were answered (acknowledged or failed): their keys may be drawn again. */
  settled(events: LoadEvent[]): void {
    for (const event of events) {
      const key = (event.data as Record<string, unknown>)[orderRegistry.find(event.type)!.keyField] as string;
      const slot = this.byKey.get(key);
      if (slot) slot.busy = false;
    }
  }

  private drawFromMix(): { type: string; key: string } {
    const r = this.random.next();
    const type = (this.cumulative!.find((c) => r < c.upTo) ?? this.cumulative![this.cumulative!.length - 1]).type;
    return { type, key: this.random.pick(this.slots).key };
  }

  private drawFromStories(): { type: string; key: string } {
    let index = this.random.int(0, this.slots.length - 1);
    // Linear probe from a random start: a free key if there is one.
    for (let tries = 0; tries < this.slots.length && this.slots[index].busy; tries++) index = (index + 1) % this.slots.length;
    let slot = this.slots[index];
    if (slot.busy) {
      // Every key waits for an answer: this event starts an order outside the pool.
      return { type: 'order.placed.v1', key: this.random.uuid() };
    }
    let type: string;
    if (slot.step === 0) type = 'order.placed.v1';
    else if (slot.step === 1) type = this.random.chance(0.9) ? 'order.paid.v1' : 'order.cancelled.v1';
    else type = this.random.chance(0.95) ? 'order.shipped.v1' : 'order.cancelled.v1';
    const key = slot.key;
    if (type === 'order.shipped.v1' || type === 'order.cancelled.v1') {
      // The order's story is over; a new order takes the slot (the old key may still be in flight).
      this.byKey.delete(key);
      slot = this.slots[index] = this.newSlot();
    } else {
      slot.step += 1;
      slot.busy = true;
    }
    return { type, key };
  }

  private newSlot(): StorySlot {
    const slot = { key: this.random.uuid(), step: 0, busy: false };
    this.byKey.set(slot.key, slot);
    return slot;
  }
}

/** The longest list the registry's schemas accept (order lines: 100). */
const MAX_LIST_LENGTH = 100;

/**
 * Grows the data towards `bytes` by repeating the first element of its first array field
 * (order lines, for instance), which keeps it valid for schemas that allow longer lists.
 */
function growTo(data: Record<string, unknown>, bytes: number): void {
  const list = Object.values(data).find((v): v is unknown[] => Array.isArray(v) && v.length > 0);
  if (!list) return;
  const itemBytes = Buffer.byteLength(JSON.stringify(list[0])) + 1;
  const missing = bytes - Buffer.byteLength(JSON.stringify(data));
  const room = MAX_LIST_LENGTH - list.length;
  for (let i = 0; i < Math.min(room, Math.floor(missing / itemBytes)); i++) list.push(list[0]);
}
