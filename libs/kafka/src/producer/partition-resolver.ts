import { Admin, Kafka, Partitioners } from 'kafkajs';

/**
 * Chooses the partition of a key the way Kafka's Java client does (murmur2), so every
 * client puts a key on the same partition. Partition counts are cached per topic.
 * Choosing the partition before sending lets the producer report each record's offset.
 */
export class PartitionResolver {
  private readonly counts = new Map<string, Promise<number>>();
  private readonly partitioner = Partitioners.DefaultPartitioner();
  private admin?: Admin;

  constructor(private readonly kafka: Kafka) {}

  async partitionFor(topic: string, key: string): Promise<number> {
    const count = await this.partitionCount(topic);
    return this.partitioner({
      topic,
      partitionMetadata: Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0] })),
      message: { key, value: null },
    });
  }

  /** Forgets a topic's partition count, e.g. after a send failed on an unknown partition. */
  forget(topic: string): void {
    this.counts.delete(topic);
  }

  async close(): Promise<void> {
    await this.admin?.disconnect();
  }

  private partitionCount(topic: string): Promise<number> {
    let count = this.counts.get(topic);
    if (!count) {
      count = this.fetchCount(topic);
      count.catch(() => this.counts.delete(topic));
      this.counts.set(topic, count);
    }
    return count;
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
