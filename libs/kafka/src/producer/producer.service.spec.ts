import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { SchemaValidationError } from '@streamline/schemas';
import { orderRegistry } from '@streamline/orders';
import { BrokerUnavailableError } from '../errors/kafka.errors';
import { ClusterAdmin } from '../client/cluster-admin';
import { KafkaClient } from '../client/kafka-client';
import { OutgoingRecord, RecordSender } from '../client/record-sender';
import { DuplicateEventError } from '../errors/duplicate-event.error';
import { ProducerService } from './producer.service';

interface SentMessage {
  topic: string;
  partition: number;
  key: Buffer | string | null;
}

/**
 * A KafkaClient answered in memory: topics of three partitions led by broker 1, and records
 * appended to per-partition logs. `down` makes every connection fail as when no broker answers.
 */
function fakeKafka(options: { down?: boolean } = {}) {
  const sent: SentMessage[] = [];
  const next = new Map<string, number>();
  const refuse = async () => {
    if (options.down) throw new Error('Connection error: connect ECONNREFUSED');
  };
  const sender: RecordSender = {
    connected: !options.down,
    connect: refuse,
    disconnect: async () => undefined,
    send: async (records: OutgoingRecord[]) =>
      records.map(({ topic, partition, key }) => {
        const id = `${topic}/${partition}`;
        const offset = next.get(id) ?? 0;
        next.set(id, offset + 1);
        sent.push({ topic, partition, key });
        return { topic, partition, offset: String(offset) };
      }),
  };
  const admin: Partial<ClusterAdmin> = {
    disconnect: async () => undefined,
    describeTopics: async (topics: string[]) => {
      await refuse();
      return topics.map((name) => ({ name, partitions: [0, 1, 2].map((partition) => ({ partition, leader: 1, replicas: [1], isr: [1] })) }));
    },
  };
  const kafka = { name: 'kafkajs', sender: () => sender, admin: () => admin, consumer: () => undefined };
  return { kafka: kafka as unknown as KafkaClient, sent };
}

const placed = (orderId = randomUUID()) => ({
  type: 'order.placed.v1',
  data: { orderId, customerId: 'c', items: [{ sku: 'A', quantity: 1, unitPrice: 1 }], currency: 'EUR', placedAt: '2026-01-01T00:00:00Z' },
});

function service(kafka: KafkaClient, publishTimeoutMs = 2000): ProducerService {
  return new ProducerService(
    kafka,
    { brokers: ['unused:9092'], registry: orderRegistry, topicPrefix: 'p.', producer: { defaultSource: '/spec', publishTimeoutMs } },
    orderRegistry,
  );
}

describe('ProducerService', () => {
  it('publishes a valid event to its topic under the prefix and answers its position', async () => {
    const { kafka, sent } = fakeKafka();
    const producer = service(kafka);
    const result = await producer.publish(placed());
    expect(result).toMatchObject({ type: 'order.placed.v1', source: '/spec', topic: 'p.orders', offset: '0' });
    expect(result.duplicate).toBeFalsy();
    expect(sent).toHaveLength(1);
    expect(sent[0].partition).toBe(result.partition);
    await producer.onApplicationShutdown();
  });

  it('publishes nothing of a batch with one invalid event and names the field with its index', async () => {
    const { kafka, sent } = fakeKafka();
    const producer = service(kafka);
    const invalid = { ...placed(), data: { ...placed().data, customerId: '' } };
    const failure = await producer.publishBatch([placed(), invalid]).catch((error) => error);
    expect(failure).toBeInstanceOf(SchemaValidationError);
    expect((failure as SchemaValidationError).fields.map((f) => f.field)).toEqual(['[1].customerId']);
    expect(sent).toEqual([]);
    await producer.onApplicationShutdown();
  });

  it('keeps the events of one key on one partition, in the order given', async () => {
    const { kafka, sent } = fakeKafka();
    const producer = service(kafka);
    const orderId = randomUUID();
    const results = await producer.publishBatch([placed(orderId), placed(orderId), placed(orderId)]);
    expect(new Set(results.map((r) => r.partition)).size).toBe(1);
    expect(results.map((r) => r.offset)).toEqual(['0', '1', '2']);
    expect(sent).toHaveLength(3);
    await producer.onApplicationShutdown();
  });

  it('answers a resubmitted event (same source and id) with its first position instead of writing it twice', async () => {
    const { kafka, sent } = fakeKafka();
    const producer = service(kafka);
    const event = { ...placed(), id: randomUUID() };
    const first = await producer.publish(event);
    const again = await producer.publish(event);
    expect(again).toEqual({ ...first, duplicate: true });
    expect(sent).toHaveLength(1);
    await producer.onApplicationShutdown();
  });

  it('refuses a different event that reuses the source and id of one already published', async () => {
    const { kafka } = fakeKafka();
    const producer = service(kafka);
    const id = randomUUID();
    await producer.publish({ ...placed(), id });
    await expect(producer.publish({ ...placed(), id })).rejects.toBeInstanceOf(DuplicateEventError);
    await producer.onApplicationShutdown();
  });

  it('publishes an event repeated within one call once, answering the repeat with the same position', async () => {
    const { kafka, sent } = fakeKafka();
    const producer = service(kafka);
    const event = { ...placed(), id: randomUUID() };
    const other = { ...placed(), id: randomUUID() };
    const [first, second, repeat] = await producer.publishBatch([event, other, event]);
    expect(sent).toHaveLength(2);
    expect(first.duplicate).toBeFalsy();
    expect(second.duplicate).toBeFalsy();
    expect(repeat).toEqual({ ...first, duplicate: true });
    await producer.onApplicationShutdown();
  });

  it('publishes nothing of a call that repeats an identity with other content, naming the repeat', async () => {
    const { kafka, sent } = fakeKafka();
    const producer = service(kafka);
    const id = randomUUID();
    const error = await producer
      .publishBatch([
        { ...placed(), id },
        { ...placed(), id: randomUUID() },
        { ...placed(), id },
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateEventError);
    expect((error as DuplicateEventError).indexes).toEqual([2]);
    expect(sent).toHaveLength(0);
    await producer.onApplicationShutdown();
  });

  it('answers BrokerUnavailableError when Kafka cannot be reached, having published nothing', async () => {
    const { kafka, sent } = fakeKafka({ down: true });
    const producer = service(kafka, 300);
    await expect(producer.publish(placed())).rejects.toBeInstanceOf(BrokerUnavailableError);
    expect(sent).toEqual([]);
    await producer.onApplicationShutdown();
  });
});
