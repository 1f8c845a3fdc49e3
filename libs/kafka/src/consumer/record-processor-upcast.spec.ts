import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createEnvelope, encodeEnvelope, EventEnvelope, NewEvent } from '@streamline/schemas';
import { OrderPlacedV2, orderRegistry } from '@streamline/orders';
import { RecordingSender } from '../client/recording-sender';
import { ConsumerMetrics } from './consumer.metrics';
import { ParkingLot } from './parking-lot';
import { WorkItem } from './partition-worker';
import { ConsumedRecord, RecordProcessor } from './record-processor';
import { RetryRouter } from './retry-router';

const v1Data = (orderId: string) => ({
  orderId,
  customerId: 'c-1',
  items: [{ sku: 'A', quantity: 3, unitPrice: 2.5 }],
  currency: 'EUR',
  placedAt: '2026-01-01T00:00:00Z',
});
const v2Data = (orderId: string) => ({
  orderId,
  customer: { id: 'c-2', tier: 'gold' },
  lines: [{ sku: 'B', quantity: 1, unitPrice: { amountMinor: 999, currency: 'EUR' } }],
  total: { amountMinor: 999, currency: 'EUR' },
  channel: 'mobile',
  placedAt: '2026-06-01T00:00:00+02:00',
});

function item(offset: number, event: NewEvent, structured = false): WorkItem<ConsumedRecord> {
  const envelope = createEnvelope(orderRegistry, event);
  const encoded = encodeEnvelope(orderRegistry, envelope);
  const value = structured ? Buffer.from(JSON.stringify({ ...envelope, ...envelope.extensions, extensions: undefined })) : encoded.value;
  const headers = structured ? { 'content-type': 'application/cloudevents+json' } : encoded.headers;
  const record = { topic: 'orders', partition: 0, offset: String(offset), key: Buffer.from(encoded.key), value, headers, timestamp: '0' };
  return { offset: String(offset), key: encoded.key, dueAt: 0, record };
}

describe('RecordProcessor with upcasters', () => {
  it('replays a mixed order.placed v1/v2 history into a handler written for v2 only: v1 arrives upcast, in order, attributes kept', async () => {
    const handled: EventEnvelope[] = [];
    const sender = new RecordingSender();
    const processor = new RecordProcessor({
      registry: orderRegistry,
      group: 'g',
      maxValueBytes: 1 << 20,
      handlers: new Map([['order.placed.v2', async (event: EventEnvelope) => void handled.push(event)]]),
      router: new RetryRouter('g', [1000]),
      sender,
      parking: new ParkingLot(),
      metrics: new ConsumerMetrics(),
      observers: [],
      log: { warn: () => undefined, debug: () => undefined },
      roleOf: () => ({ sourceTopic: 'orders', tier: 0 }),
    });
    const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const history = [
      item(0, { type: 'order.placed.v1', source: '/old-checkout', extensions: { tenant: 'acme' }, data: v1Data(ids[0]) }),
      item(1, { type: 'order.placed.v2', source: '/checkout', data: v2Data(ids[1]) }),
      item(2, { type: 'order.placed.v1', source: '/old-checkout', subject: 's', data: v1Data(ids[2]) }, true),
      item(3, { type: 'order.placed.v2', source: '/checkout', data: v2Data(ids[3]) }, true),
    ];
    for (const record of history) await processor.process(record);

    expect(sender.sent).toEqual([]);
    expect(handled.map((e) => [e.type, (e.data as OrderPlacedV2).orderId, e.source])).toEqual([
      ['order.placed.v2', ids[0], '/old-checkout'],
      ['order.placed.v2', ids[1], '/checkout'],
      ['order.placed.v2', ids[2], '/old-checkout'],
      ['order.placed.v2', ids[3], '/checkout'],
    ]);
    expect(handled.every((e) => e.data instanceof OrderPlacedV2)).toBe(true);
    expect(handled[0].extensions).toEqual({ tenant: 'acme' });
    expect(handled[2].subject).toBe('s');
    expect((handled[0].data as OrderPlacedV2).total).toEqual({ amountMinor: 750, currency: 'EUR' });
  });
});
