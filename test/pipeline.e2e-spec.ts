import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { AppProcess, startApp } from './support/app-process';
import { orderPlacedData, structuredEvent } from './support/orders';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';
import { waitFor } from './support/wait-for';

/** One event end to end: HTTP → producer → Kafka → consumer → read model. */
describe('pipeline: producer and consumer against a real broker', () => {
  const prefix = `${randomName('pipe')}.`;
  const env = { KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix, KAFKA_GROUP_ID: randomName('group'), PGLITE_DATA_DIR: 'memory' };
  let producer: AppProcess;
  let consumer: AppProcess;

  beforeAll(async () => {
    producer = await startApp('producer', env);
    consumer = await startApp('consumer', env);
  });
  afterAll(async () => {
    await Promise.all([producer?.stop(), consumer?.stop()]);
  });

  it('delivers every posted order to the read model exactly once, in per-key order', async () => {
    const orderIds = Array.from({ length: 20 }, () => randomUUID());
    const sent = new Map<string, string[]>(orderIds.map((id) => [id, []]));
    for (let round = 0; round < 3; round++) {
      for (const [i, orderId] of orderIds.entries()) {
        const id = randomUUID();
        const data = orderPlacedData(orderId, round * 100 + i);
        const binary = (i + round) % 2 === 0;
        const response = binary
          ? await fetch(`${producer.url}/events`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'ce-specversion': '1.0', 'ce-id': id, 'ce-source': '/tests', 'ce-type': 'order.placed.v1' },
              body: JSON.stringify(data),
            })
          : await fetch(`${producer.url}/events`, {
              method: 'POST',
              headers: { 'content-type': 'application/cloudevents+json' },
              body: JSON.stringify(structuredEvent('order.placed.v1', data, id)),
            });
        expect(response.status).toBe(202);
        const body = (await response.json()) as any;
        expect(body).toEqual({ id, topic: `${prefix}orders`, partition: expect.any(Number), offset: expect.any(String) });
        sent.get(orderId)!.push(id);
      }
    }

    for (const [orderId, ids] of sent) {
      const order = await waitFor(`order ${orderId} to have 3 events applied`, async () => {
        const response = await fetch(`${consumer.url}/orders/${orderId}`);
        if (response.status !== 200) return undefined;
        const body = (await response.json()) as any;
        return body.appliedEvents.length >= 3 ? body : undefined;
      });
      expect(order.appliedEvents).toEqual(ids);
    }
  });

  it('answers 400 naming every invalid field and publishes nothing', async () => {
    const kafka = new Kafka({ brokers: testBrokers(), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const before = await admin.fetchTopicOffsets(`${prefix}orders`);

    const bad = { ...orderPlacedData(), orderId: 'not-a-uuid', currency: 'eur', items: [{ sku: 'A', quantity: 0, unitPrice: -1 }], extra: true };
    const response = await fetch(`${producer.url}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify(structuredEvent('order.placed.v1', bad)),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as any;
    expect(body.fields.map((f: { field: string }) => f.field).sort()).toEqual(
      ['data.currency', 'data.extra', 'data.items[0].quantity', 'data.items[0].unitPrice', 'data.orderId'].sort(),
    );

    const after = await admin.fetchTopicOffsets(`${prefix}orders`);
    await admin.disconnect();
    expect(after.map((p) => p.high)).toEqual(before.map((p) => p.high));
  });

  it('answers 404 for an order it does not know', async () => {
    const response = await fetch(`${consumer.url}/orders/${randomUUID()}`);
    expect(response.status).toBe(404);
  });
});
