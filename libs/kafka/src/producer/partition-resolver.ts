import { Admin, Kafka, PartitionMetadata, Partitioners } from 'kafkajs';

/**
 * Chooses the partition of a key the way Kafka's Java client does (murmur2), so every
 * client puts a key on the same partition. Each topic's partition layout is fetched and built once.
 * Choosing the partition before sending lets the producer report each record's offset.
 */
export class PartitionResolver {
  private readonly layouts = new Map<string, Promise<PartitionMetadata[]>>();
  private readonly partitioner = Partitioners.DefaultPartitioner();
  private admin?: Admin;

  constructor(private readonly kafka: Kafka) {}

  async partitionFor(topic: string, key: string): Promise<number> {
    const partitionMetadata = await this.layout(topic);
    return this.partitioner({ topic, partitionMetadata, message: { key, value: null } });
  }

  /** Forgets a topic's partition layout, e.g. after a send failed on an unknown partition. */
  forget(topic: string): void {
    this.layouts.delete(topic);
  }

  async close(): Promise<void> {
    await this.admin?.disconnect();
  }

  /** The partitioner only reads partition ids, so the layout is built once per topic, not per record. */
  private layout(topic: string): Promise<PartitionMetadata[]> {
    let layout = this.layouts.get(topic);
    if (!layout) {
      layout = this.fetchCount(topic).then((count) =>
        Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0] })),
      );
      layout.catch(() => this.layouts.delete(topic));
      this.layouts.set(topic, layout);
    }
    return layout;
  }

  private async fetchCount(topic: string): Promise<number> {
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect().catch((error) => {
        this.admin = undefined;
        throw error;
      });
    }
    const metadata = await this.admin.fetchTopicMetadata({ topics: [topic] });
    return metadata.topics[0].partitions.length;
  }
}
