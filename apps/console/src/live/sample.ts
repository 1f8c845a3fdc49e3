import { ClusterSnapshot } from '@streamline/kafka';

/** One point of the live charts. */
export interface Sample {
  at: string;
  /** Records written per topic so far (sum of the partitions' end offsets). */
  ends: Record<string, number>;
  /** Records per second per topic since the previous sample; absent on the first. */
  rates: Record<string, number>;
  /** Total lag per group. */
  lag: Record<string, number>;
  /** Lag per group and `topic/partition`. */
  partitionLag: Record<string, Record<string, number>>;
  /** Live members per group. */
  members: Record<string, number>;
}

/** Reduces a snapshot to a chart point; rates need the previous point. */
export function sampleOf(snapshot: ClusterSnapshot, previous?: Sample): Sample {
  const ends: Record<string, number> = {};
  for (const topic of snapshot.topics) ends[topic.name] = topic.partitions.reduce((sum, p) => sum + Number(p.high), 0);
  const rates: Record<string, number> = {};
  if (previous) {
    const seconds = (Date.parse(snapshot.at) - Date.parse(previous.at)) / 1000;
    for (const [name, end] of Object.entries(ends)) {
      const before = previous.ends[name];
      if (before !== undefined && seconds > 0) rates[name] = Math.max(0, (end - before) / seconds);
    }
  }
  const lag: Record<string, number> = {};
  const partitionLag: Record<string, Record<string, number>> = {};
  const members: Record<string, number> = {};
  for (const group of snapshot.groups) {
    lag[group.groupId] = group.lag.total;
    members[group.groupId] = group.members.length;
    partitionLag[group.groupId] = Object.fromEntries(group.lag.partitions.map((p) => [`${p.topic}/${p.partition}`, p.lag]));
  }
  return { at: snapshot.at, ends, rates, lag, partitionLag, members };
}
