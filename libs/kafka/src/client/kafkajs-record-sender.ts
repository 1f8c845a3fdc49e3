import { Kafka, Partitioners, Producer } from 'kafkajs';
import { OutgoingRecord, RecordSender } from './consumer-client';

/**
 * Errors after which the broker no longer accepts this producer id's sequence: every later send
 * would fail the same way, so a new producer (a new id) is needed.
 */
const PRODUCER_STATE_LOST = /OUT_OF_ORDER_SEQUENCE_NUMBER|UNKNOWN_PRODUCER_ID|INVALID_PRODUCER_EPOCH|INVALID_PRODUCER_ID_MAPPING|PRODUCER_FENCED/;

/**
 * RecordSender over an idempotent kafkajs producer with acks from all in-sync replicas, for the
 * consumer's retry-tier and dead-letter records.
 */
export class KafkajsRecordSender implements RecordSender {
  private producer: Producer;
  private connected?: Promise<void>;

  constructor(private readonly kafka: Kafka) {
    this.producer = this.createProducer();
  }

  /**
   * Retries are unlimited, as for the service's producer: a send whose outcome is unknown is
   * retried with the same sequence numbers until Kafka answers. Giving up (kafkajs' default of 5
   * for a client) would let the next, different records take those sequence numbers and be
   * dropped by the broker as duplicates while acknowledged. A send that cannot go through keeps
   * its record unsettled, which is what the consumer needs: the record is never committed past.
   */
  private createProducer(): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // kafkajs' default already; named so kafkajs does not print that its default partitioner changed in v2.
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 1000 },
    });
  }

  connect(): Promise<void> {
    this.connected ??= this.producer.connect().catch((error) => {
      this.connected = undefined;
      throw error;
    });
    return this.connected;
  }

  async send(topic: string, records: OutgoingRecord[]): Promise<void> {
    const producer = this.producer;
    try {
      await this.connect();
      await producer.send({ topic, acks: -1, messages: records });
    } catch (error) {
      if (stateLost(error) && this.producer === producer) await this.replace(producer);
      throw error;
    }
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  /** The record is sent again by its worker, through a producer with a new id. */
  private async replace(old: Producer): Promise<void> {
    this.producer = this.createProducer();
    this.connected = undefined;
    await old.disconnect().catch(() => undefined);
  }
}

function stateLost(error: unknown, depth = 0): boolean {
  const e = error as { type?: string; originalError?: unknown; cause?: unknown } | undefined;
  if (!e || depth > 5) return false;
  return PRODUCER_STATE_LOST.test(e.type ?? '') || stateLost(e.originalError, depth + 1) || stateLost(e.cause, depth + 1);
}
