import { Admin, Kafka } from 'kafkajs';
import { ensureTopics } from '../admin/topic-provisioner';
import { TopicAdmin } from './consumer-client';

/** TopicAdmin over a kafkajs admin client, connected on first use. */
export class KafkajsTopicAdmin implements TopicAdmin {
  private admin?: Promise<Admin>;

  constructor(private readonly kafka: Kafka) {}

  async partitionCounts(topics: string[]): Promise<Map<string, number>> {
    const metadata = await (await this.connected()).fetchTopicMetadata({ topics });
    return new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
  }

  async ensureTopics(topics: { name: string; partitions: number }[]): Promise<void> {
    await ensureTopics(await this.connected(), topics);
  }

  async highWatermarks(topic: string): Promise<Map<number, string>> {
    const offsets = await (await this.connected()).fetchTopicOffsets(topic);
    return new Map(offsets.map((o) => [o.partition, o.high]));
  }

  async disconnect(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await (await admin).disconnect().catch(() => undefined);
  }

  private connected(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      this.admin = admin.connect().then(() => admin);
      this.admin.catch(() => (this.admin = undefined));
    }
    return this.admin;
  }
}
