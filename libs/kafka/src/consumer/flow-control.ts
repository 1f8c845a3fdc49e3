/** What flow control knows about one assigned partition. */
export interface PartitionLoad {
  slot: string;
  /** Records fetched and not yet settled. */
  buffered: number;
  /** Priority lane, 0 = highest; every partition of a topic outside lanes is in lane 0. */
  lane: number;
  /** A retry tier partition: bounded on its own, never paused for the others (it releases parked keys). */
  retry: boolean;
  /** The partition has records beyond what was fetched (known from the last high watermark). */
  backlog: boolean;
}

/** Bounds of flow control. */
export interface FlowLimits {
  /** Fetching pauses when this many records are fetched and unsettled. */
  maxInFlight: number;
  /** Source batches are held while the bound is full (no lanes), so source partitions are not paused for it. */
  sourcesHold?: boolean;
}

/**
 * Decides which partitions to pause: back-pressure (source partitions pause while the records in
 * flight reach the bound, and stay paused until half of them are done, so fetching does not
 * flap; with priority lanes each lane is bounded together with the lanes above it), retry tiers
 * bounded each on its own, and priority lanes (a lane pauses while a higher lane has work). Pure: it sees loads and what is paused now, and returns what should be.
 */
export function decidePaused(loads: PartitionLoad[], paused: ReadonlySet<string>, { maxInFlight, sourcesHold = false }: FlowLimits): Set<string> {
  const next = new Set<string>();
  const sources = loads.filter((l) => !l.retry);
  for (const load of loads) {
    if (load.retry) {
      if (load.buffered >= maxInFlight || (paused.has(load.slot) && load.buffered > maxInFlight / 2)) next.add(load.slot);
      continue;
    }
    // A lane counts only itself and the lanes above it, so a full lower lane never holds a higher one back.
    const inFlight = sources.filter((l) => l.lane <= load.lane).reduce((sum, l) => sum + l.buffered, 0);
    const pressured = !sourcesHold && (inFlight >= maxInFlight || (paused.has(load.slot) && inFlight > maxInFlight / 2));
    if (pressured || lanePaused(load, sources)) next.add(load.slot);
  }
  return next;
}

/** A partition of lane L waits while any partition of a lane above L has work. */
function lanePaused(load: PartitionLoad, sources: PartitionLoad[]): boolean {
  return load.lane > 0 && sources.some((other) => other.lane < load.lane && (other.buffered > 0 || other.backlog));
}
