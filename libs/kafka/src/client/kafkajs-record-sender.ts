import { Kafka, Producer } from 'kafkajs';
import { OutgoingRecord, RecordSender } from './consumer-client';

/** RecordSender over an idempotent kafkajs producer with acks from all in-sync replicas. */
export class KafkajsRecordSender implements RecordSender {
  private readonly producer: Producer;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  async send(topic: string, records: OutgoingRecord[]): Promise<void> {
    await this.producer.send({ topic, acks: -1, messages: records });
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }
}
