import { Admin, Kafka, PartitionMetadata } from 'kafkajs';
import { partitionOfKey } from './murmur2';

/** A topic's partitions as last read from the cluster: count and each partition's leader. */
interface Layout {
  partitionMetadata: PartitionMetadata[];
  readAt: number;
}

/** How long a topic's layout is trusted before it is read again (leaders move on their own). */
const LAYOUT_MAX_AGE_MS = 60_000;

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
  private admin?: Admin;

  constructor(
    private readonly kafka: Kafka,
    private readonly now: () => number = Date.now,
  ) {}

  /** Makes sure the layouts of `topics` are known; rejects when the cluster cannot tell. */
  async load(topics: Iterable<string>): Promise<void> {
    await Promise.all([...new Set(topics)].map((topic) => this.layout(topic)));
  }

  /** The partition of `key` on a loaded topic. */
  partitionOf(topic: string, key: string): number {
    return partitionOfKey(key, this.loadedLayout(topic).partitionMetadata.length);
  }

  /** The broker that led the partition when its topic was loaded (a hint: kafkajs routes by its own metadata). */
  leaderOf(topic: string, partition: number): number {
    return this.loadedLayout(topic).partitionMetadata[partition]?.leader ?? -1;
  }

  /** Forgets a topic's layout, e.g. after a send failed: partitions moved or were added. */
  forget(topic: string): void {
    this.layouts.delete(topic);
  }

  async close(): Promise<void> {
    await this.admin?.disconnect();
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
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect().catch((error) => {
        this.admin = undefined;
        throw error;
      });
    }
    const metadata = await this.admin.fetchTopicMetadata({ topics: [topic] });
    // Indexed by partition id, so leaderOf looks one up directly.
    const partitions = [...metadata.topics[0].partitions].sort((a, b) => a.partitionId - b.partitionId);
    return { partitionMetadata: partitions, readAt: this.now() };
  }
}
