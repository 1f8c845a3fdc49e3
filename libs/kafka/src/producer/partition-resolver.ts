import { ClusterAdmin, PartitionInfo } from '../client/cluster-admin';
import { UnknownTopicError } from '../errors/kafka.errors';
import { partitionOfKey } from './murmur2';

/** A topic's partitions as last read from the cluster: count and each partition's leader. */
interface Layout {
  partitionMetadata: PartitionInfo[];
  readAt: number;
}

/** How long a topic's layout is trusted before it is read again (leaders move on their own). */
const LAYOUT_MAX_AGE_MS = 60_000;

/**
 * How long a topic the cluster does not know yet is asked for again. A topic created a moment
 * ago can be unknown to the broker answering (its metadata arrives a little later); Kafka's Java
 * producer waits for it the same way (up to `max.block.ms`), where failing at once turned the
 * first event after a deploy into a 503.
 */
const UNKNOWN_TOPIC_WAIT_MS = 5_000;

/**
 * Chooses the partition of a key the way Kafka's Java client does (murmur2), so every
 * client puts a key on the same partition, and knows which broker leads it, so a batch goes
 * out as one request per leader. Choosing the partition before sending lets the producer
 * report each record's offset. Layouts are read once per topic and again after a failure or
 * a minute; `load` reads them, then `partitionOf` and `leaderOf` answer without waiting.
 */
export class PartitionResolver {
  private readonly layouts = new Map<string, Promise<Layout>>();
  private readonly loaded = new Map<string, Layout>();
  constructor(
    private readonly admin: ClusterAdmin,
    private readonly now: () => number = Date.now,
    private readonly unknownTopicWaitMs = UNKNOWN_TOPIC_WAIT_MS,
  ) {}

  /** Makes sure the layouts of `topics` are known; rejects when the cluster cannot tell. */
  async load(topics: Iterable<string>): Promise<void> {
    await Promise.all([...new Set(topics)].map((topic) => this.layout(topic)));
  }

  /** The partition count of a loaded topic. */
  partitionCount(topic: string): number {
    return this.loadedLayout(topic).partitionMetadata.length;
  }

  /** The partition of `key` on a loaded topic. */
  partitionOf(topic: string, key: string | Buffer): number {
    return partitionOfKey(key, this.loadedLayout(topic).partitionMetadata.length);
  }

  /** The broker that led the partition when its topic was loaded (a hint: the client routes by its own metadata). */
  leaderOf(topic: string, partition: number): number {
    return this.loadedLayout(topic).partitionMetadata[partition]?.leader ?? -1;
  }

  /** Forgets a topic's layout, e.g. after a send failed: partitions moved or were added. */
  forget(topic: string): void {
    this.layouts.delete(topic);
  }

  async close(): Promise<void> {
    await this.admin.disconnect();
  }

  private loadedLayout(topic: string): Layout {
    const layout = this.loaded.get(topic);
    if (!layout) throw new Error(`the partitions of ${topic} were not loaded`);
    return layout;
  }

  private layout(topic: string): Promise<Layout> {
    let layout = this.layouts.get(topic);
    const current = this.loaded.get(topic);
    if (layout && current && this.now() - current.readAt > LAYOUT_MAX_AGE_MS) layout = undefined;
    if (!layout) {
      layout = this.fetch(topic).then((fetched) => {
        this.loaded.set(topic, fetched);
        return fetched;
      });
      layout.catch(() => this.layouts.delete(topic));
      this.layouts.set(topic, layout);
    }
    return layout;
  }

  private async fetch(topic: string): Promise<Layout> {
    const giveUpAt = this.now() + this.unknownTopicWaitMs;
    for (let pauseMs = 50; ; pauseMs = Math.min(pauseMs * 2, 500)) {
      try {
        const [described] = await this.admin.describeTopics([topic]);
        if (described && described.partitions.length > 0) return { partitionMetadata: described.partitions, readAt: this.now() };
        if (this.now() >= giveUpAt) throw new Error(`the cluster lists no partitions of ${topic}`);
      } catch (error) {
        if (!(error instanceof UnknownTopicError) || this.now() >= giveUpAt) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}
