import { EngineSettings } from './consumer-engine.settings';
import { hasBacklog, Slot } from './partition-slot';

/**
 * Priority lanes over the source topics (lane 0 first): a lane's records start only while every
 * higher lane has nothing waiting, running or left to fetch, and the in-flight bound of a lane
 * counts its records and those of the lanes above it. Retry tiers are outside the lanes.
 */
export class PriorityLanes {
  constructor(
    private readonly settings: Pick<EngineSettings, 'laneOf' | 'roleOf' | 'lanes' | 'maxInFlight'>,
    private readonly slots: () => Iterable<Slot>,
  ) {}

  /** Records the slot may still take under the in-flight bound (of its tier, or of its lane and those above). */
  roomFor(slot: Slot): number {
    if (slot.role.tier > 0) return this.settings.maxInFlight - slot.worker.size;
    return this.settings.maxInFlight - this.sourceInFlight(this.settings.laneOf(slot.topic));
  }

  /** True while a source topic of a higher lane than `topic`'s has records waiting, running or not yet fetched. */
  higherLaneBusy(topic: string): boolean {
    const lane = this.settings.roleOf(topic).tier === 0 ? this.settings.laneOf(topic) : 0;
    if (lane === 0) return false;
    for (const slot of this.slots()) {
      if (slot.role.tier !== 0 || this.settings.laneOf(slot.topic) >= lane) continue;
      if (slot.worker.size > 0 || hasBacklog(slot)) return true;
    }
    return false;
  }

  /** A record of `topic` settled: lower lanes may start again once the higher lanes ran dry. */
  settled(topic: string): void {
    const lane = this.settings.laneOf(topic);
    if (lane >= this.settings.lanes) return;
    for (const slot of this.slots()) if (slot.role.tier === 0 && this.settings.laneOf(slot.topic) > lane) slot.worker.kick();
  }

  /** Records in flight in source partitions of `lane` and the lanes above it. */
  private sourceInFlight(lane: number): number {
    let n = 0;
    for (const slot of this.slots()) if (slot.role.tier === 0 && this.settings.laneOf(slot.topic) <= lane) n += slot.worker.size;
    return n;
  }
}
