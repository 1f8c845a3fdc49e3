import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createEnvelope, encodeEnvelope, EventEnvelope } from '@streamline/schemas';
import { orderRegistry } from '@streamline/orders';
import { RecordingSender } from '../client/recording-sender';
import { HandlerError } from '../errors/kafka.errors';
import { ConsumerMetrics } from './consumer.metrics';
import { BoundHandler } from './handler-context';
import { ParkingLot } from './parking-lot';
import { WorkItem } from './partition-worker';
import { ConsumedRecord, RecordProcessor } from './record-processor';
import { RetryRouter } from './retry-router';

function placed(offset: number, orderId: string, topic = 'orders'): WorkItem<ConsumedRecord> {
  const encoded = encodeEnvelope(
    orderRegistry,
    createEnvelope(orderRegistry, {
      type: 'order.placed.v1',
      source: '/spec',
      data: { orderId, customerId: 'c', items: [{ sku: 'A', quantity: 1, unitPrice: 1 }], currency: 'EUR', placedAt: '2026-01-01T00:00:00Z' },
    }),
  );
  const record = { topic, partition: 0, offset: String(offset), key: Buffer.from(encoded.key), value: encoded.value, headers: encoded.headers, timestamp: '0' };
  return { offset: String(offset), key: encoded.key, dueAt: 0, record };
}

function setup(handler: BoundHandler, tierOf: (topic: string) => number = () => 0) {
  const sender = new RecordingSender();
  const parking = new ParkingLot();
  const handled: { event: EventEnvelope; attempt: number }[] = [];
  const processor = new RecordProcessor({
    registry: orderRegistry,
    group: 'g',
    maxValueBytes: 1 << 20,
    handlers: new Map([
      [
        'order.placed.v1',
        async (event, context) => {
          handled.push({ event, attempt: context.attempt });
          await handler(event, context);
        },
      ],
    ]),
    router: new RetryRouter('g', [1000]),
    sender,
    parking,
    metrics: new ConsumerMetrics(),
    observers: [],
    log: { warn: () => undefined, debug: () => undefined },
    roleOf: (topic) => ({ sourceTopic: 'orders', tier: tierOf(topic) }),
    now: () => 1_000_000,
  });
  return { processor, sender, parking, handled };
}

describe('RecordProcessor', () => {
  it('runs a decoded record through its handler as attempt 1 and sends nothing', async () => {
    const { processor, sender, handled } = setup(async () => undefined);
    const orderId = randomUUID();
    await processor.process(placed(0, orderId));
    expect(handled.map((h) => [(h.event.data as { orderId: string }).orderId, h.attempt])).toEqual([[orderId, 1]]);
    expect(sender.sent).toEqual([]);
  });

  it('dead-letters a record that cannot be decoded at once, without calling a handler', async () => {
    const { processor, sender, handled } = setup(async () => undefined);
    const item = placed(3, randomUUID());
    item.record.value = Buffer.from('{not json');
    await processor.process(item);
    expect(handled).toEqual([]);
    expect(sender.sent.map((s) => s.topic)).toEqual(['orders.g.dlq']);
  });

  it('sends a retriable failure to the first retry tier and parks its key, so later records of the key wait and the parker does not', async () => {
    const { processor, sender } = setup(async () => {
      throw new HandlerError('database busy', true);
    });
    const orderId = randomUUID();
    const first = placed(0, orderId);
    await processor.process(first);
    expect(sender.sent.map((s) => s.topic)).toEqual(['orders.g.retry.1']);
    expect(processor.isBlocked(placed(1, orderId))).toBe(true);
    expect(processor.isBlocked(first)).toBe(false);
    expect(processor.isBlocked(placed(2, randomUUID()))).toBe(false);
  });

  it('dead-letters a failure that is not retriable and leaves its key free', async () => {
    const { processor, sender } = setup(async () => {
      throw new HandlerError('order is malformed', false);
    });
    const orderId = randomUUID();
    await processor.process(placed(0, orderId));
    expect(sender.sent.map((s) => s.topic)).toEqual(['orders.g.dlq']);
    expect(processor.isBlocked(placed(1, orderId))).toBe(false);
  });

  it('dead-letters a record failing on the last retry tier, counting it as attempt 2', async () => {
    const { processor, sender, handled } = setup(
      async () => {
        throw new HandlerError('still failing', true);
      },
      (topic) => (topic === 'orders.g.retry.1' ? 1 : 0),
    );
    await processor.process(placed(0, randomUUID(), 'orders.g.retry.1'));
    expect(handled.map((h) => h.attempt)).toEqual([2]);
    expect(sender.sent.map((s) => s.topic)).toEqual(['orders.g.dlq']);
  });

  it('settles a record of a type this service has no handler for without sending anything', async () => {
    const sender = new RecordingSender();
    const processor = new RecordProcessor({
      registry: orderRegistry,
      group: 'g',
      maxValueBytes: 1 << 20,
      handlers: new Map(),
      router: new RetryRouter('g', [1000]),
      sender,
      parking: new ParkingLot(),
      metrics: new ConsumerMetrics(),
      observers: [],
      log: { warn: () => undefined, debug: () => undefined },
      roleOf: () => ({ sourceTopic: 'orders', tier: 0 }),
    });
    await expect(processor.process(placed(0, randomUUID()))).resolves.toBeUndefined();
    expect(sender.sent).toEqual([]);
  });
});
